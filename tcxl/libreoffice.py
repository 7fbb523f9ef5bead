"""Run LibreOffice headless to recalculate and re-save workbooks (SPEC §7).

LibreOffice keeps the stored formula results of an xlsx by default; a private user
profile with ``OOXMLRecalcMode = 0`` (always recalculate) forces recalculation. Each call
uses its own profile, so concurrent calls do not fight over one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import TcxlError

_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""
INSTALL_HINT = "LibreOffice não encontrado; instale com: apt-get install -y libreoffice-calc-nogui"


def soffice() -> str | None:
    """Path of the soffice executable, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(src: str | Path, out_dir: str | Path, to: str = "xlsx", timeout: float = 180) -> Path:
    """Recalculate ``src`` and save it as ``to`` (``xlsx``, ``pdf`` or ``xls``) into ``out_dir``."""
    return convert_many([src], out_dir, to, timeout)[0]


def convert_many(srcs: list[str | Path], out_dir: str | Path, to: str = "xlsx", timeout: float = 600) -> list[Path]:
    """``convert`` for many files in one LibreOffice run (its start-up is most of the cost of
    a small workbook); the files must have different names."""
    exe = soffice()
    if exe is None:
        raise TcxlError(INSTALL_HINT)
    paths, out_dir = [Path(s).resolve() for s in srcs], Path(out_dir).resolve()
    for src in paths:
        if src.parent == out_dir:
            raise TcxlError(f"{src}: a pasta de saída deve ser diferente da pasta do arquivo")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tcxl-lo-") as profile:
        (Path(profile) / "user").mkdir()
        (Path(profile) / "user" / "registrymodifications.xcu").write_text(_XCU, encoding="utf-8")
        filt = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "pdf": "pdf", "xls": "xls:MS Excel 97"}[to]
        cmd = [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            filt,
            "--outdir",
            str(out_dir),
            *map(str, paths),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env={**os.environ, "HOME": profile})
    outs = [out_dir / f"{src.stem}.{to}" for src in paths]
    for src, out in zip(paths, outs):
        if proc.returncode != 0 or not out.exists():
            raise TcxlError(f"{src}: LibreOffice não converteu o arquivo ({proc.stderr.strip()[:200]})")
    return outs
