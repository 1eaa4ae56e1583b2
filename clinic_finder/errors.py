"""The project's small exception tree; a search that finds nothing is a value, not an error."""


class ClinicFinderError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 1  # the command line's exit status for it


class UsageError(ClinicFinderError, ValueError):
    """What was asked cannot be done as asked (a place not found, a radius out of range, a folder
    that cannot be written): the command line's exit status 2, as argparse gives a bad option."""

    exit_code = 2


class SourceError(ClinicFinderError, ValueError):
    """A source file is missing, unreadable or not shaped as expected."""

    def __init__(self, path: object, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ConfigurationError(ClinicFinderError, ValueError):
    """A setting has a value the program cannot use."""


class BuildError(ClinicFinderError):
    """The build produced a table it must not write (a bug in the build, never hidden)."""


class GeocoderFailure(ClinicFinderError):
    """The online geocoder could not answer (timeout, outage, refusal, bad reply)."""


class DictionaryConflict(ClinicFinderError, ValueError):
    """Two sources' service dictionaries give one code different meanings."""

    def __init__(self, code: str, first: tuple[str, str], second: tuple[str, str]):
        self.code = code
        self.meanings = (first, second)
        super().__init__(
            f"service code {code!r} means {first[1]!r} in {first[0]} but {second[1]!r} in "
            f"{second[0]}: a merged dictionary cannot hold both"
        )
