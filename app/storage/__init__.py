"""The progress log: what the user did, kept safe in SQLite. Qt-free.

Start here::

    log = Log.open(data_dir)                 # checks, migrates, backs up first
    leftover = log.unfinished_session()      # offer: resume, keep, discard
    session_id = log.start_session("daily-ten", "Daily ten", 600, time.time())
    log.save_block(session_id, record, next_phase_index)   # committed on return
    log.finish_session(session_id, SessionStatus.COMPLETED, time.time())
    log.close()                              # backs up if anything changed

Modules: ``log`` (the ``Log`` class), ``records`` (the values it returns),
``errors``, ``backups`` (list, take, thin, restore), ``transfer`` (CSV and
JSON export, JSON import), ``schema`` (the migration steps),
``fields`` (what each row may hold), ``unreadable`` (rows that fail it,
which every reader leaves out), ``checks`` (what makes the file damaged:
never one bad row).

Call it from a worker thread: a commit waits for the disk.
"""

from app.storage.backups import (
    Backup,
    backups_to_keep,
    list_backups,
    restore_backup,
    thin_backups,
)
from app.storage.errors import (
    BackupError,
    DamagedLogError,
    ExportError,
    LogError,
    LogImportError,
    LogOpenError,
    LogValueError,
    LogWriteError,
    NewerLogError,
    WriteFailure,
)
from app.storage.files import log_path
from app.storage.log import BACKUP_INTERVAL_SECONDS, Log
from app.storage.records import (
    Activity,
    CoachSession,
    DoseChange,
    ExerciseBlock,
    ExerciseLoad,
    Exposure,
    ImportReport,
    MorningBaseline,
    MorningCheckIn,
    ProgramState,
    SafetyAnswers,
    SessionCheckIn,
    SessionSummary,
    UnfinishedSession,
    WeekMinutes,
    day_of,
    local_time,
)
from app.storage.schema import SCHEMA_VERSION
from app.storage.transfer import CSV_HEADER

__all__ = [
    "BACKUP_INTERVAL_SECONDS",
    "CSV_HEADER",
    "SCHEMA_VERSION",
    "Activity",
    "Backup",
    "BackupError",
    "CoachSession",
    "DamagedLogError",
    "DoseChange",
    "ExerciseBlock",
    "ExerciseLoad",
    "ExportError",
    "Exposure",
    "ImportReport",
    "Log",
    "LogError",
    "LogImportError",
    "LogOpenError",
    "LogValueError",
    "LogWriteError",
    "MorningBaseline",
    "MorningCheckIn",
    "NewerLogError",
    "ProgramState",
    "SafetyAnswers",
    "SessionCheckIn",
    "SessionSummary",
    "UnfinishedSession",
    "WeekMinutes",
    "WriteFailure",
    "backups_to_keep",
    "day_of",
    "list_backups",
    "local_time",
    "log_path",
    "restore_backup",
    "thin_backups",
]
