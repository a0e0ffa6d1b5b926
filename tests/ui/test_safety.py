"""The safety screen: who should not exercise barefoot, and when the user may go on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from app.coaching import QUESTIONS_VERSION, SafetyForm
from app.storage.log import Log
from app.storage.records import SafetyAnswers
from app.ui.safety_view import SafetyView

WALL = 1_714_550_400.0  # 1 May 2024, around midday in Europe


def make_view(qtbot) -> SafetyView:
    view = SafetyView(wall_clock=lambda: WALL)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    return view


def test_nothing_ticked_cannot_continue(qtbot) -> None:
    view = make_view(qtbot)
    assert not view.continue_button.isEnabled()
    assert (
        view.status.text()
        == "Tick each condition that applies to you, or “None of these apply to me”."
    )
    assert not view.warning_frame.isVisible()


def test_none_apply_needs_the_advice_read_then_continues(qtbot) -> None:
    view = make_view(qtbot)
    view.none_apply.setChecked(True)
    assert not view.continue_button.isEnabled()
    assert view.status.text() == "Read the advice, then tick “I have read this advice”."
    view.read_advice.setChecked(True)
    assert view.continue_button.isEnabled()
    assert not view.warning_frame.isVisible()
    with qtbot.waitSignal(view.answered, timeout=1000) as signal:
        view.continue_button.click()
    [answers] = signal.args
    assert isinstance(answers, SafetyAnswers)
    assert (answers.answered_wall, answers.contraindicated, answers.acknowledged) == (
        WALL,
        False,
        True,
    )
    assert answers.answers["none_apply"] is True
    assert answers.answers["read_advice"] is True
    assert answers.answers["questions_version"] == QUESTIONS_VERSION
    assert not any(answers.answers[q] for q in view.conditions)


def test_a_condition_says_plainly_it_is_not_advised_and_asks_a_second_time(qtbot) -> None:
    view = make_view(qtbot)
    view.conditions["diabetes"].setChecked(True)
    view.conditions["numbness_or_tingling"].setChecked(True)
    view.read_advice.setChecked(True)
    assert view.warning_frame.isVisible()
    assert view.warning_title.text() == (
        "Barefoot exercise is not advised for you without medical clearance."
    )
    assert view.warning.text() == (
        "You ticked diabetes and numbness or tingling. People with these conditions should not"
        " exercise barefoot, indoors or out. Please check with your physician before you start."
    )
    # Read is not enough: the clearance box must be ticked too.
    assert not view.continue_button.isEnabled()
    assert view.status.text() == (
        "Barefoot exercise is not advised for you without medical clearance:"
        " see the box under the list."
    )
    assert view.clearance.isVisible()
    view.clearance.setChecked(True)
    assert view.continue_button.isEnabled()
    with qtbot.waitSignal(view.answered, timeout=1000) as signal:
        view.continue_button.click()
    [answers] = signal.args
    assert (answers.contraindicated, answers.acknowledged) == (True, True)
    assert answers.answers["diabetes"] is True
    assert answers.answers["numbness_or_tingling"] is True
    assert answers.answers["clearance"] is True
    assert answers.answers["none_apply"] is False


def test_clearance_is_not_asked_without_a_condition_and_resets_when_one_is_unticked(
    qtbot,
) -> None:
    view = make_view(qtbot)
    assert not view.clearance.isVisible()
    view.conditions["open_sores_or_cuts"].setChecked(True)
    view.clearance.setChecked(True)
    view.conditions["open_sores_or_cuts"].setChecked(False)
    assert not view.clearance.isChecked()
    assert not view.warning_frame.isVisible()
    # Ticked again, it must be acknowledged again.
    view.conditions["skin_breakdown"].setChecked(True)
    view.read_advice.setChecked(True)
    assert not view.continue_button.isEnabled()
    # Cleared, but the advice not read: still not.
    view.read_advice.setChecked(False)
    view.clearance.setChecked(True)
    assert not view.continue_button.isEnabled()
    assert view.status.text() == "Read the advice, then tick “I have read this advice”."


def test_none_apply_and_a_condition_exclude_each_other(qtbot) -> None:
    view = make_view(qtbot)
    view.conditions["claudication"].setChecked(True)
    view.none_apply.setChecked(True)
    assert not view.conditions["claudication"].isChecked()
    assert not view.warning_frame.isVisible()
    view.conditions["atherosclerosis"].setChecked(True)
    assert not view.none_apply.isChecked()
    assert view.warning_frame.isVisible()


def test_clicking_the_words_ticks_the_box(qtbot) -> None:
    view = make_view(qtbot)
    view.conditions["diabetes"].setChecked(True)
    [words] = [w for w in view.findChildren(QLabel) if w.buddy() is view.clearance]
    assert words.text().startswith("I have medical clearance")
    qtbot.mouseClick(words, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert view.clearance.isChecked()


def test_stored_answers_are_shown_when_reopened(qtbot, data_dir: Path) -> None:
    form = SafetyForm(frozenset({"poor_circulation"}), read_advice=True, clearance=True)
    with Log.open(data_dir) as log:
        log.add_safety_answers(form.answers(WALL))
        stored = log.latest_safety_answers()
    view = make_view(qtbot)
    view.set_previous(stored)
    assert view.form() == form
    assert view.conditions["poor_circulation"].isChecked()
    assert view.warning_frame.isVisible()
    assert view.continue_button.isEnabled()
    assert view.previous.isVisible()
    assert view.previous.text().startswith("You answered these on 1 May 2024.")
    view.set_previous(None)
    assert view.form() == SafetyForm()
    assert not view.previous.isVisible()
    assert not view.continue_button.isEnabled()


def test_back_asks_to_leave(qtbot) -> None:
    view = make_view(qtbot)
    with qtbot.waitSignal(view.back_requested, timeout=1000):
        view.back_button.click()


def test_advice_names_physician_therapist_and_a_safe_surface(qtbot) -> None:
    view = make_view(qtbot)
    view.scale_text(20)
    advice = view.advice.text()
    for words in ("physician", "physical therapist", "indoors, slowly, on a safe surface"):
        assert words in advice
