"""The project's error hierarchy. Expected failures become user messages only at the edge."""


class InterviewerError(Exception):
    """Base of every expected error; its message is fit to show a user."""


class BankError(InterviewerError):
    """A question bank is missing, unreadable or invalid."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class ConfigError(InterviewerError):
    """A setting is missing or invalid."""


class StoreError(InterviewerError):
    """The knowledge store cannot serve the request (wrong model, unreachable server, …)."""


class EmbeddingError(InterviewerError):
    """The embedding model cannot be loaded or used."""


class QuestionNotFound(InterviewerError):
    """A question id or text does not resolve to a bank question."""


class GradingError(InterviewerError):
    """A grade cannot be produced for a reason the caller must fix (bad input)."""


class InputFileError(InterviewerError):
    """An input file (batch, import, eval cases) cannot be read."""


class OutputFileError(InterviewerError):
    """A file the command was asked to write cannot be written (no such folder, no permission, …)."""


class EngineFailure(InterviewerError):
    """An engine could not judge an answer (model error, invalid output after retries): unscored."""


class PromptError(InterviewerError):
    """A prompt template is missing, invalid, or rendered without a variable it needs."""


class FileInUse(InterviewerError):
    """Another process holds the lock on a file this command would write (a batch output)."""
