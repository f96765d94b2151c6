"""The words of the training panel's setting rows, one table keyed by the setting's dotted name
(``training.optimizer.momentum``), so translators find them together and the section files stay short.

Each text is marked for ``pyside6-lupdate`` in the "TrainingPanel" context and translated when shown.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

# the row's label
LABELS = {
    "task.graph": QT_TRANSLATE_NOOP("TrainingPanel", "Model graph"),
    "task.generator": QT_TRANSLATE_NOOP("TrainingPanel", "Generator"),
    "task.discriminator": QT_TRANSLATE_NOOP("TrainingPanel", "Discriminator"),
    "task.loss": QT_TRANSLATE_NOOP("TrainingPanel", "Loss"),
    "task.latent_size": QT_TRANSLATE_NOOP("TrainingPanel", "Latent size"),
    "task.d_steps": QT_TRANSLATE_NOOP("TrainingPanel", "Discriminator steps"),
    "task.prompt": QT_TRANSLATE_NOOP("TrainingPanel", "Prompt"),
    "task.generate_length": QT_TRANSLATE_NOOP("TrainingPanel", "Characters to generate"),
    "task.temperature": QT_TRANSLATE_NOOP("TrainingPanel", "Sampling temperature"),
    "training.optimizer.lr": QT_TRANSLATE_NOOP("TrainingPanel", "Learning rate"),
    "training.optimizer.momentum": QT_TRANSLATE_NOOP("TrainingPanel", "Momentum"),
    "training.optimizer.nesterov": QT_TRANSLATE_NOOP("TrainingPanel", "Nesterov momentum"),
    "training.weight_decay": QT_TRANSLATE_NOOP("TrainingPanel", "Weight decay (L2)"),
    "training.epochs": QT_TRANSLATE_NOOP("TrainingPanel", "Epochs"),
    "training.batch_size": QT_TRANSLATE_NOOP("TrainingPanel", "Batch size"),
    "training.device": QT_TRANSLATE_NOOP("TrainingPanel", "Device"),
    "training.workers": QT_TRANSLATE_NOOP("TrainingPanel", "Worker processes"),
    "training.l1": QT_TRANSLATE_NOOP("TrainingPanel", "L1 penalty"),
    "training.grad_clip": QT_TRANSLATE_NOOP("TrainingPanel", "Clip gradient norm at"),
    "task.label_smoothing": QT_TRANSLATE_NOOP("TrainingPanel", "Label smoothing"),
    "task.top_k": QT_TRANSLATE_NOOP("TrainingPanel", "Top-k accuracy (k)"),
    "training.early_stopping.patience": QT_TRANSLATE_NOOP("TrainingPanel", "Patience (epochs)"),
    "training.early_stopping.monitor": QT_TRANSLATE_NOOP("TrainingPanel", "Watch"),
    "training.early_stopping.min_delta": QT_TRANSLATE_NOOP("TrainingPanel", "Smallest improvement"),
    "training.seed": QT_TRANSLATE_NOOP("TrainingPanel", "Random seed"),
    "training.mixed_precision": QT_TRANSLATE_NOOP("TrainingPanel", "Mixed precision (GPU)"),
    "training.threads": QT_TRANSLATE_NOOP("TrainingPanel", "CPU threads"),
    "training.snapshot_every": QT_TRANSLATE_NOOP("TrainingPanel", "Live views every"),
    "training.checkpoint_every": QT_TRANSLATE_NOOP("TrainingPanel", "Checkpoint every (epochs)"),
    "training.max_steps": QT_TRANSLATE_NOOP("TrainingPanel", "Stop after steps"),
    "training.optimizer.betas": QT_TRANSLATE_NOOP("TrainingPanel", "Betas (β1, β2)"),
    "training.optimizer.eps": QT_TRANSLATE_NOOP("TrainingPanel", "Epsilon"),
    "training.optimizer.dampening": QT_TRANSLATE_NOOP("TrainingPanel", "Dampening"),
    "training.optimizer.amsgrad": QT_TRANSLATE_NOOP("TrainingPanel", "AMSGrad"),
    "training.optimizer.centered": QT_TRANSLATE_NOOP("TrainingPanel", "Centered"),
    "training.optimizer.rho": QT_TRANSLATE_NOOP("TrainingPanel", "Rho (running average)"),
    "training.optimizer.alpha": QT_TRANSLATE_NOOP("TrainingPanel", "Alpha (smoothing)"),
    "training.optimizer.lr_decay": QT_TRANSLATE_NOOP("TrainingPanel", "Learning-rate decay"),
    "training.schedule.step_size": QT_TRANSLATE_NOOP("TrainingPanel", "Step every (epochs)"),
    "training.schedule.gamma": QT_TRANSLATE_NOOP("TrainingPanel", "LR factor per step"),
    "training.schedule.min_lr": QT_TRANSLATE_NOOP("TrainingPanel", "Lowest learning rate"),
    "training.schedule.max_lr": QT_TRANSLATE_NOOP("TrainingPanel", "Peak learning rate"),
    "training.schedule.pct_start": QT_TRANSLATE_NOOP("TrainingPanel", "Warm-up share"),
    "training.schedule.factor": QT_TRANSLATE_NOOP("TrainingPanel", "LR factor on a plateau"),
    "training.schedule.patience": QT_TRANSLATE_NOOP("TrainingPanel", "Epochs without progress"),
}

# a tooltip line above the default
TIPS = {
    "task.latent_size":
        QT_TRANSLATE_NOOP("TrainingPanel", "How many random numbers the generator turns into a sample."),
    "task.d_steps": QT_TRANSLATE_NOOP("TrainingPanel", "Discriminator updates per generator update (n_critic)"),
    "task.prompt": QT_TRANSLATE_NOOP("TrainingPanel", "The text that starts each generated sample."),
    "task.temperature":
        QT_TRANSLATE_NOOP("TrainingPanel", "Lower: safer, more repetitive text; higher: more surprising text."),
    "training.l1": QT_TRANSLATE_NOOP("TrainingPanel", "Adds this times the sum of absolute weights to the loss."),
    "training.workers":
        QT_TRANSLATE_NOOP("TrainingPanel", "More than 1: Train starts that many processes with torchrun (DDP); each trains on its share of every batch."),
    "task.label_smoothing":
        QT_TRANSLATE_NOOP("TrainingPanel", "Classifiers: cross-entropy smoothing. GANs: real images are labelled 1 minus this."),
    "training.threads":
        QT_TRANSLATE_NOOP("TrainingPanel", "Automatic: the engine times the first steps at 1, 2, 4… threads and keeps the fastest."),
    "training.schedule.max_lr":
        QT_TRANSLATE_NOOP("TrainingPanel", "One-cycle rises to this rate and falls again; off: the optimizer's learning rate."),
    "training.schedule.pct_start":
        QT_TRANSLATE_NOOP("TrainingPanel", "The share of all steps spent rising to the peak rate."),
    "training.schedule.patience":
        QT_TRANSLATE_NOOP("TrainingPanel", "How many epochs the validation loss may stall before the rate drops."),
}

# what a number box's lowest value means when it stands for null
NONE_TEXTS = {
    "task.latent_size": QT_TRANSLATE_NOOP("TrainingPanel", "the generator's input"),
    "training.grad_clip": QT_TRANSLATE_NOOP("TrainingPanel", "off"),
    "training.threads": QT_TRANSLATE_NOOP("TrainingPanel", "automatic"),
    "training.max_steps": QT_TRANSLATE_NOOP("TrainingPanel", "no limit"),
    "training.schedule.max_lr": QT_TRANSLATE_NOOP("TrainingPanel", "off"),
}
