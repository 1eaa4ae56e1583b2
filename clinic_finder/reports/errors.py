"""The reports' own errors, under the package's tree (clinic_finder.errors)."""

from clinic_finder.errors import ClinicFinderError, UsageError


class ReportsUnavailable(ClinicFinderError):
    """The database cannot be reached or written: nothing was saved."""


class NoSuchReport(UsageError):
    def __init__(self, report_id: object):
        super().__init__(f"no report {report_id!r}")


class AlreadyDecided(UsageError):
    def __init__(self, report_id: object, status: str):
        super().__init__(f"report {report_id!r} is already {status}")
