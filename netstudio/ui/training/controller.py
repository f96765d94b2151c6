"""The training controller: starts the engine on a QThread, routes its events to the views, the progress
line, the status bar and the canvas indicators, and keeps the graph read-only while it runs.

Every engine signal is connected to an ``@Slot`` method of this QObject, which lives in the GUI
thread (a lambda would run in the training thread).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from netstudio.core.errors import NetStudioError

from .chrome import TrainingChrome
from .controls import IDLE, PAUSED, RUNNING, STARTING, STOPPING, TrainingControls, format_duration
from .indicators import NodeIndicators
from .panel import TrainingPanel
from .readonly import ReadOnlyGuard
from .worker import TrainingThread, gui_friendly_threads
from ..engine_text import engine_text

STEP_EVENT_INTERVAL = 0.1    # seconds between the engine's step events in the GUI


class TrainingController(QObject):
    """One per main window (``install_training`` makes it).

    Signals
    -------
    state_changed(str)  idle / starting / running / paused / stopping
    run_ended(object)   the engine's final event (finished, stopped or failed), after the thread ended
    """

    state_changed = Signal(str)
    run_ended = Signal(object)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.panel = TrainingPanel()
        self.controls = TrainingControls()
        self._live = None                 # the live views, built when first shown or used (``live``)
        self.clock = None                 # their redraw clock, made with them
        self.guard = ReadOnlyGuard(window.centralWidget(), self)
        self.indicators = NodeIndicators(window)
        self.state = IDLE
        self.run: TrainingThread | None = None
        self.trainer = None               # the current or last Trainer (its model feeds "try it")
        self.last_checkpoint: str | None = None
        self.last_end = None
        self.last_error: str | None = None
        self.run_root: Path | None = None  # where run folders go; None: beside the project file / app data
        self.torch_threads: int | None = gui_friendly_threads()
        self.listeners: list = []        # extra engine listeners (run in the training thread), e.g. a log
        # The plots redraw 5 times a second, so 10 step events a second (each carrying every step's
        # loss) are plenty; the engine's default 20 cost the training thread GIL time for nothing.
        self.step_event_interval: float | None = STEP_EVENT_INTERVAL
        self.document = None
        self.sweep_dialog = None           # Training > Sweep... (netstudio.ui.sweep), made on first use
        self._started = None
        self._total_steps = 0
        self.controls.train_clicked.connect(self.train)
        self.controls.continue_clicked.connect(self.continue_training)
        self.controls.pause_clicked.connect(self.pause)
        self.controls.resume_clicked.connect(self.resume)
        self.controls.stop_clicked.connect(self.stop)
        self.controls.step_clicked.connect(self.step_once)
        self.chrome = TrainingChrome(self, window)
        window.document_changed.connect(self.set_document)
        window.selection_changed.connect(self._selection_changed)
        window.language_changed.connect(self._language_changed)
        window.add_close_check(self.may_close)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.retranslate()
        self.set_document(window.document)

    # ----- the live views, built lazily -----
    @property
    def live(self):
        """The live views (a ``LiveViews``), built on first use.

        Why lazily: importing pyqtgraph and building the 16 plots took about 1 s of the 1.8 s the main
        window needed before its first paint. They are built when the "Live views" dock is first on
        screen (``chrome``), when a run starts, or when anything asks for them (the Runs view, tests).
        """
        if self._live is None:
            self._build_live()
        return self._live

    def live_built(self):
        """The live views if they exist yet, else None (asking does not build them)."""
        return self._live

    def _build_live(self) -> None:
        from .live_views import LiveViews
        from .plots.common import RefreshClock

        live = LiveViews(self.chrome.live_host)   # made in place: see ``TrainingChrome.show_live``
        self._live = live
        self.clock = RefreshClock(self)
        for view in live.all:
            self.clock.add(view)
        live.test_results.evaluate_requested.connect(self.evaluate_checkpoint)
        live.evaluation.project_source = lambda: self.document.project if self.document is not None else None
        # what the views would have been told had they existed from the start
        live.test_results.set_can_evaluate(bool(self.last_checkpoint) and self.run is None)
        live.evaluation.set_latest_checkpoint(self.last_checkpoint)
        self._configure_views()
        scene = self.window.current_scene()
        ids = scene.selected_node_ids() if scene is not None else []
        live.feature_maps.set_node(ids[0] if len(ids) == 1 else None)
        live.retranslate()
        self.chrome.show_live(live)
        self.clock.start()

    # ----- the document the window shows -----
    @Slot(object)
    def set_document(self, doc) -> None:
        """Follow the window's current document (``document_changed``)."""
        if doc is self.document:
            return
        self.document = doc
        self.panel.set_document(doc)
        self.indicators.clear()
        self.last_checkpoint = None
        self.controls.set_can_continue(False)
        live = self._live
        if live is not None:   # not built yet: they start empty when they are
            live.test_results.set_can_evaluate(False)
            live.try_it.set_model(None, {})
            for view in live.all:
                view.reset()
        if doc is not None:
            doc.undo_stack.indexChanged.connect(self._graph_edited)
        self._configure_views()
        self.state_changed.emit(self.state)

    def _configure_views(self) -> None:
        project = self.document.project if self.document is not None else None
        if project is None or self._live is None:
            return
        try:
            from netstudio.training.config import parse_task

            kind = parse_task(project.task).kind
        except NetStudioError:
            kind = (project.task or {}).get("type", "classify")
        self.live.configure(kind, (project.data or {}).get("dataset", ""))

    @Slot(int)
    def _graph_edited(self, _index: int) -> None:
        # indicators describe the trained graph; after an edit they would point at the wrong layers
        if self.state == IDLE:
            self.indicators.clear()
            self._configure_views()

    @Slot(list)
    def _selection_changed(self, ids: list) -> None:
        node = ids[0] if len(ids) == 1 else None
        if self._live is not None:
            self._live.feature_maps.set_node(node)
        if self.trainer is not None and node is not None:
            self.trainer.snapshot_nodes = {node}      # read by the training thread at its next snapshot
        if node is not None and self.state in (RUNNING, PAUSED, STARTING):
            self.live.show_view(self.live.feature_maps)
        if node is not None and self.state in (IDLE, PAUSED):
            self._activations_now(node)

    def _activations_now(self, node: str) -> None:
        """Paused or finished: no snapshot will come, so run the trained model on the samples now.

        Safe from the GUI thread: a paused engine waits inside its gate, a finished one is done.
        """
        task = getattr(self.trainer, "task", None)
        if task is None or (self.state == IDLE and self.run is not None):
            return
        if self._started is None:   # the run failed before its task was ready (no model, no fixed inputs)
            return
        try:
            acts = task.node_activations({node})
        except NetStudioError as exc:
            self._status(str(exc))
            return
        if node in acts and self._live is not None:
            self.live.feature_maps.show_activations(node, acts[node], self.trainer.global_step)

    # ----- commands -----
    @property
    def running(self) -> bool:
        return self.run is not None

    @Slot()
    def train(self) -> bool:
        """Train from scratch with the current graph and settings."""
        return self.start(resume=None)

    @Slot()
    def continue_training(self) -> bool:
        """Continue from the last checkpoint; the engine says so when the graph no longer fits it."""
        if not self.last_checkpoint or self.document is None:
            return False
        from netstudio.training.compatibility import checkpoint_mismatch

        problem = checkpoint_mismatch(self.document.project, self.last_checkpoint)
        if problem:
            self._fail_message(self.tr("Cannot continue from the checkpoint: %1").replace("%1", engine_text(problem)))
            return False
        return self.start(resume=self.last_checkpoint)

    def start(self, resume: str | None = None) -> bool:
        if self.run is not None or self.document is None:
            return False
        problem = self.panel.check()
        if problem:
            self._fail_message(problem)
            return False
        if self.sweep_dialog is not None and self.sweep_dialog.running:
            self._fail_message(self.tr("A sweep is running (Training > Sweep…): stop it before training."))
            return False
        from netstudio.training.engine import Trainer

        project = self.document.project
        if int((project.training or {}).get("workers") or 1) > 1:
            return self._start_processes(project, resume)
        overrides = {}
        if self.torch_threads and not (project.training or {}).get("threads"):
            overrides["threads"] = self.torch_threads
        try:
            trainer = Trainer(project, overrides=overrides, run_dir=None if resume else self._run_dir(project),
                              resume=resume)
        except NetStudioError as exc:
            self._fail_message(str(exc))
            return False
        node = self.live.feature_maps.node
        if node is not None:
            trainer.snapshot_nodes = {node}
        for fn in self.listeners:
            trainer.subscribe(fn)
        if self.step_event_interval is not None:
            trainer.step_event_interval = self.step_event_interval
        self.trainer = trainer
        self._fresh_views(resume)
        self._begin(TrainingThread(trainer, self))
        return True

    def _fresh_views(self, resume: str | None) -> None:
        """Views and state for a new run (a continued one keeps its curves)."""
        if resume is None:
            for view in self.live.all:
                view.reset()
            self.indicators.clear()
        self._configure_views()
        self.live.try_it.set_model(None, {})
        self.last_end = None
        self.last_error = None
        self._started = None          # set again when this run's engine says it started
        self.controls.reset_progress()
        self.controls.show_message("")

    def _begin(self, run) -> None:
        """Wire a run (a ``TrainingThread``, or a ``ProcessRun`` of several processes) to the views and start it."""
        w = run.worker
        w.started_run.connect(self.on_started)
        w.step.connect(self.on_step)
        w.epoch.connect(self.on_epoch)
        w.snapshot.connect(self.on_snapshot)
        w.test.connect(self.on_test)
        w.control.connect(self.on_control)
        w.ended.connect(self.on_ended)
        run.finished.connect(self.on_thread_finished)
        self.run = run
        self.guard.engage(self.document)
        self.panel.setEnabled(False)
        self._set_state(STARTING)
        self._status(self.tr("Preparing the data and the model…"))
        run.start()

    def _start_processes(self, project, resume: str | None) -> bool:
        """Train on ``training.workers`` local processes (torchrun, DDP); shown live from the run folder's log."""
        from netstudio.training.config import parse_task, parse_training
        from netstudio.training.distributed import SUPPORTED_TASKS, check_batch

        from .process_run import ProcessRun, ProcessTrainer

        try:
            cfg = parse_training(project.training)
            check_batch(cfg.batch_size, cfg.workers)
            task = parse_task(project.task).type
            if task not in SUPPORTED_TASKS:   # said here, before three Python processes start only to refuse it
                raise NetStudioError(self.tr("A %1 task trains in one process only: set Worker processes to 1.")
                                     .replace("%1", task))
        except NetStudioError as exc:
            self._fail_message(str(exc))
            return False
        run_dir = str(Path(resume).resolve().parents[1]) if resume else self._run_dir(project)
        run = ProcessRun(project, cfg.workers, run_dir, threads=cfg.threads, resume=resume, parent=self)
        try:
            run.prepare()
        except OSError as exc:
            run.deleteLater()
            self._fail_message(self.tr("Cannot write the project for the worker processes: %1")
                               .replace("%1", f"{exc.filename or ''} {exc.strerror or exc}".strip()))
            return False
        run.trainer = self.trainer = ProcessTrainer(cfg, run_dir)
        self.trainer.process_run = run
        self.trainer.say = self.controls.show_message
        self._fresh_views(resume)
        self._begin(run)
        self._status(self.tr("Starting %1 worker processes…").replace("%1", str(cfg.workers)))
        return True

    def _run_dir(self, project) -> str:
        from netstudio.training.runs import default_run_dir

        if self.run_root is not None:
            root = Path(self.run_root)
        elif project.path:
            root = Path(project.path).resolve().parent / "runs"
        else:
            base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
            root = Path(base or Path.home() / ".netstudio") / "runs"
        return str(default_run_dir(project.name, root))

    @Slot()
    def pause(self) -> None:
        if self.trainer is not None and self.state == RUNNING:
            self.trainer.pause()

    @Slot()
    def resume(self) -> None:
        if self.trainer is not None and self.state == PAUSED:
            self.trainer.resume()

    @Slot()
    def step_once(self) -> None:
        if self.trainer is not None and self.state == PAUSED:
            self.trainer.step_once()

    @Slot()
    def stop(self) -> None:
        if self.run is not None:
            self.run.request_stop()
            self._set_state(STOPPING)
            self._status(self.tr("Stopping after this batch and saving a checkpoint…"))

    @Slot()
    def open_sweep(self):
        """Training > Sweep...: race optimizers, sweep learning rates, switch one thing on and off."""
        from netstudio.ui.sweep import open_sweep

        return open_sweep(self.window, self)

    @Slot()
    def shutdown(self) -> None:
        """Stop and wait for the training thread (window closing, application quitting)."""
        if self._live is not None:
            self._live.evaluation.shutdown()
        if self.sweep_dialog is not None:
            self.sweep_dialog.shutdown()
        run = self.run
        if run is not None:
            run.shutdown()

    def may_close(self) -> bool:
        """The window's close check: True when it may close now (no training, or the user agreed to stop
        and training has stopped)."""
        if self.sweep_dialog is not None and self.sweep_dialog.running:
            self.sweep_dialog.shutdown()   # the running trial stops with a checkpoint; its thread ends first
        if not self.running:
            return True
        if not self.ask_stop_on_close():
            return False
        self.shutdown()
        return True

    def ask_stop_on_close(self) -> bool:
        """Asked when the window closes during training; tests replace it."""
        answer = QMessageBox.question(
            self.window, self.tr("Training is running"),
            self.tr("Stop training and close? A checkpoint is saved, so you can continue later."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # ----- engine events (queued from the training thread) -----
    @Slot(object)
    def on_started(self, event) -> None:
        self._started = event
        cfg = self.trainer.cfg if self.trainer is not None else None
        total = event.epochs * event.steps_per_epoch
        if cfg is not None and cfg.max_steps:
            total = min(total, cfg.max_steps)
        self._total_steps = total
        # global step numbers continue on resume, and the run ends at this one either way
        self.live.loss.set_x_extent(total)
        self.live.gan.set_x_extent(total)
        self._set_state(PAUSED if self.trainer is not None and self.trainer.paused else RUNNING)
        names = getattr(getattr(self.trainer, "data", None), "class_names", None)
        self.live.classification.set_class_names(names)
        self.live.test_results.set_class_names(names)
        for view in self.live.all:
            view.on_started(event)
        sizes = ", ".join(f"{k} {v:,}" for k, v in event.samples.items())
        self._status(self.tr("Training on %1: %2 parameters; %3").replace("%1", event.device)
                     .replace("%2", f"{event.parameters:,}").replace("%3", sizes))
        if event.notes:
            self.controls.show_message(" ".join(event.notes))

    @Slot(object)
    def on_step(self, event) -> None:
        if self._started is not None:
            self.controls.show_progress(event.epoch + 1, self._started.epochs, event.step, self._total_steps,
                                        event.samples_per_sec, event.eta_seconds, event.progress)
        for view in self.live.all:
            view.on_step(event)

    @Slot(object)
    def on_epoch(self, event) -> None:
        for view in self.live.all:
            view.on_epoch(event)
        parts = [self.tr("epoch %1").replace("%1", str(event.epoch)),
                 self.tr("train loss %1").replace("%1", f"{event.train_loss:.4f}")]
        if event.val_loss is not None:
            parts.append(self.tr("val loss %1").replace("%1", f"{event.val_loss:.4f}"))
        if event.val_acc is not None:
            parts.append(self.tr("val accuracy %1").replace("%1", f"{event.val_acc:.1%}"))
        self._status(" · ".join(parts))

    @Slot(object)
    def on_snapshot(self, event) -> None:
        for view in self.live.all:
            view.on_snapshot(event)
        if event.data.get("weight_stats") or event.data.get("activation_stats"):
            self.indicators.update_snapshot(event.data)

    @Slot(object)
    def on_test(self, event) -> None:
        for view in self.live.all:
            view.on_test(event)

    @Slot(object)
    def on_control(self, event) -> None:
        if self.state == STOPPING:
            return
        if event.kind == "paused":
            self._set_state(PAUSED)
            self._status(self.tr("Paused at step %1").replace("%1", str(event.step)))
        else:
            self._set_state(RUNNING)
            self._status(self.tr("Training resumed"))

    @Slot(object)
    def on_ended(self, event) -> None:
        self.last_end = event
        if event.checkpoint:
            self.last_checkpoint = event.checkpoint
        if event.kind == "failed":
            self._fail_message(event.message)
            if event.node_id:
                self.window.focus_node(event.node_id)
        else:
            text = engine_text(event.message) + self.tr(" (%1)").replace("%1", format_duration(event.seconds))
            self.controls.show_message(text)
            self._status(text)

    @Slot()
    def on_thread_finished(self) -> None:
        run, self.run = self.run, None
        if run is not None:
            run.deleteLater()
        self.guard.release()
        self.panel.setEnabled(self.document is not None)
        self._set_state(IDLE)
        self.controls.set_can_continue(bool(self.last_checkpoint))
        self.live.test_results.set_can_evaluate(bool(self.last_checkpoint))
        self.live.evaluation.set_latest_checkpoint(self.last_checkpoint)
        self._offer_try_it()
        self.run_ended.emit(self.last_end)

    def _offer_try_it(self) -> None:
        trainer = self.trainer
        end = self.last_end
        task = getattr(trainer, "task", None)
        data = getattr(trainer, "data", None)
        if end is None or end.kind == "failed" or task is None or data is None:
            return
        if self.live.try_it.offer(trainer):   # the form follows the task (try_it.py); a CSV of 2-D points too
            self.live.tabs.setTabVisible(self.live.tabs.indexOf(self.live.try_it), True)

    @Slot()
    def evaluate_checkpoint(self) -> bool:
        """Score the last checkpoint on the test split (for a run that was stopped before its test)."""
        if not self.last_checkpoint or self.document is None or self.run is not None:
            return False
        from netstudio.training.predict import evaluate_checkpoint

        self._status(self.tr("Evaluating %1 on the test split…").replace("%1", Path(self.last_checkpoint).name))
        try:
            metrics = evaluate_checkpoint(self.document.project, self.last_checkpoint, "test", device="cpu")
        except NetStudioError as exc:
            self._fail_message(str(exc))
            return False
        self.live.test_results.show_metrics(metrics, "test")
        self.live.show_view(self.live.test_results)
        return True

    # ----- helpers -----
    def _set_state(self, state: str) -> None:
        self.state = state
        self.controls.set_state(state)
        self.state_changed.emit(state)

    def _status(self, text: str, ms: int = 0) -> None:
        self.window.statusBar().showMessage(text, ms)

    def _fail_message(self, message: str) -> None:
        self.last_error = message
        self.controls.show_message(message, error=True)
        self._status(self.tr("Training failed: %1").replace("%1", message))

    @Slot()
    def _language_changed(self) -> None:
        self.retranslate()
        self.chrome.retranslate()

    def retranslate(self) -> None:
        self.panel.retranslate()
        self.controls.retranslate()
        if self._live is not None:
            self._live.retranslate()
        self.guard.set_text(self.tr("Training — the graph is read-only. Stop training to edit it."))
