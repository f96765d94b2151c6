"""The build step pyproject.toml cannot express: the sample projects live at the top of the repository
(``sample_projects/``, where people look for them) and ship inside the package as ``netstudio/samples/``,
where ``netstudio.ui.welcome.samples_dir`` finds them in an installed wheel."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SAMPLES = ROOT / "sample_projects"


class BuildWithSamples(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "netstudio" / "samples"
        target.mkdir(parents=True, exist_ok=True)
        for sample in sorted(SAMPLES.glob("*.nsproj")):
            self.copy_file(str(sample), str(target / sample.name))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:   # what the wheel lists
        target = Path(self.build_lib) / "netstudio" / "samples"
        return super().get_outputs(include_bytecode) + [str(target / s.name) for s in sorted(SAMPLES.glob("*.nsproj"))]


setup(cmdclass={"build_py": BuildWithSamples})
