"""Shared fixtures: the bundled sample project, built workbooks, LibreOffice re-saves."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

import tcxl
from tcxl import libreoffice

# CI runs property tests with a fixed seed, so a red build always means a reproducible bug;
# locally each run explores new examples.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SAMPLE_YAML = SAMPLES / "projeto_exemplo.yaml"
SAMPLE_JSON = SAMPLES / "projeto_exemplo.json"
TEMPLATE = ROOT / "templates_xlsx" / "proadi_sus_modelo.xlsx"


@pytest.fixture(scope="session")
def sample_project() -> "tcxl.Project":
    return tcxl.Project.from_file(SAMPLE_YAML)


@pytest.fixture(scope="session")
def sample_xlsx(tmp_path_factory, sample_project) -> Path:
    return tcxl.build_workbook(sample_project, tmp_path_factory.mktemp("built") / "sample.xlsx")


@pytest.fixture(scope="session")
def blank_xlsx(tmp_path_factory) -> Path:
    return tcxl.build_workbook(None, tmp_path_factory.mktemp("blank") / "blank.xlsx")


def require_libreoffice() -> None:
    """Skip without LibreOffice, except in CI (TCXL_REQUIRE_LIBREOFFICE=1), where it must be there."""
    if libreoffice.soffice() is None:
        if os.environ.get("TCXL_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice (soffice) is required here but was not found")
        pytest.skip("LibreOffice (soffice) not installed")


@pytest.fixture(scope="session")
def sample_recalculated(tmp_path_factory, sample_xlsx) -> Path:
    """The built sample recalculated and re-saved by LibreOffice headless."""
    require_libreoffice()
    return libreoffice.convert(sample_xlsx, tmp_path_factory.mktemp("lo"), "xlsx")
