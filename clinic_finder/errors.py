"""The project's small exception tree; a search that finds nothing is a value, not an error."""


class ClinicFinderError(Exception):
    """Base of every error this package raises on purpose."""


class SourceError(ClinicFinderError, ValueError):
    """A source file is missing, unreadable or not shaped as expected."""

    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ConfigurationError(ClinicFinderError, ValueError):
    """A setting has a value the program cannot use."""


class GeocoderFailure(ClinicFinderError):
    """The online geocoder could not answer (timeout, outage, refusal, bad reply)."""
