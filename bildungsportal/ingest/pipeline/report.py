"""The outcome of one import: counts, problems and what was written."""

from dataclasses import dataclass, field

from ..models import ImportRun
from ..records import OfferingRecord, Problem


class ImportFailed(Exception):
    """Raised inside the transaction to roll everything back."""


@dataclass
class ImportReport:
    format_name: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    archived: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    records: list[OfferingRecord] = field(default_factory=list)
    import_run: ImportRun | None = None
    dry_run: bool = False
    written: bool = False
    # Record numbers with at least one fatal problem (they are not written).
    invalid_records: set = field(default_factory=set)
    seconds: float = 0.0

    @property
    def errors(self):
        return [problem for problem in self.problems if problem.fatal]

    @property
    def warnings(self):
        return [problem for problem in self.problems if not problem.fatal]

    @property
    def file_errors(self):
        """Problems of the whole file (unreadable, too large …): nothing can be imported."""
        return [problem for problem in self.errors if problem.record is None]

    @property
    def valid_records(self):
        return [r for r in self.records if r.record not in self.invalid_records]

    @property
    def ok(self):
        """True when the import (or, for a dry run, an import of all records) succeeds."""
        return not self.errors

    def summary(self):
        if self.file_errors:
            return "Import nicht möglich: " + "; ".join(str(p) for p in self.file_errors[:3])
        counts = (
            f"{len(self.records)} Datensätze gelesen, {len(self.invalid_records)} fehlerhaft, "
            f"{len(self.warnings)} Hinweise"
        )
        if self.dry_run:
            which = " der gültigen Datensätze" if self.invalid_records else ""
            verdict = (
                f"Probelauf, nichts gespeichert – ein Import{which} ergäbe {self.created} neu, "
                f"{self.updated} aktualisiert, {self.unchanged} unverändert, "
                f"{self.archived} archiviert"
            )
        elif self.written:
            verdict = (
                f"{self.created} neu, {self.updated} aktualisiert, {self.unchanged} unverändert, "
                f"{self.archived} archiviert, {self.skipped} übersprungen"
            )
        else:
            verdict = "nichts gespeichert (alles oder nichts: bitte Fehler beheben)"
        return f"{counts}. {verdict}."
