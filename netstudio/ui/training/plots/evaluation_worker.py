"""The Evaluation view's background work: which project scores a checkpoint, and the QThread that runs
``netstudio.training.evaluation.evaluate`` so that the window never waits for it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread, Signal

from netstudio.core.errors import NetStudioError


def run_folder_of(path: str | Path) -> Path | None:
    """The run folder a checkpoint file (``<run>/checkpoints/step*.safetensors``) or run folder belongs to."""
    p = Path(path)
    if p.is_dir():
        return p
    return p.parent.parent if p.parent.name == "checkpoints" else None


def project_for(checkpoint: str, current):
    """The project to score ``checkpoint`` with: the one its run trained (``project.nsproj`` in the run
    folder; its graph fits the weights even after later edits), read relative to the current project's
    folder so that relative data paths resolve as in the window; else a copy of the current project."""
    import netstudio
    from netstudio.training.run_history import load_run_project

    run = run_folder_of(checkpoint)
    if run is not None and (run / "project.nsproj").is_file():
        project = load_run_project(run)
        if current is not None and current.path:
            project.path = current.path
        return project
    if current is None:
        raise NetStudioError("open the project the checkpoint belongs to first")
    copy = netstudio.project_from_dict(current.to_dict(), current.path or "<project>")
    copy.path = current.path      # the training thread must not see edits made while it reads the project
    return copy


class EvaluationThread(QThread):
    """Runs ``netstudio.training.evaluation.evaluate`` off the GUI thread; reports one of its two signals."""

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, current_project, checkpoint: str, split: str, device: str = "cpu") -> None:
        super().__init__()
        self.current_project, self.checkpoint, self.split, self.device = current_project, checkpoint, split, device

    def run(self) -> None:
        from netstudio.training.evaluation import evaluate

        try:
            project = project_for(self.checkpoint, self.current_project)
            result = evaluate(project, self.checkpoint, self.split, device=self.device)
        except NetStudioError as exc:
            self.failed.emit(str(exc))
            return
        except MemoryError:
            self.failed.emit("not enough memory to evaluate this checkpoint on the whole split")
            return
        except Exception as exc:    # a bug must reach the user as a sentence, never end the thread silently
            self.failed.emit(f"the evaluation failed unexpectedly: {type(exc).__name__}: {exc}")
            return
        self.succeeded.emit(result)
