"""The typed project spec (pydantic v2): what a workbook is built from.

Invalid input is reported all at once, one ``(field path, pt-BR message)`` per
problem, as a :class:`~tcxl.errors.SpecError` (e.g.
``results[1].activities[0].code: código duplicado 'A2.1'``).

One module (~500 lines) because the models validate across each other (codes unique across
results, semesters within the years, indicators of existing elements): split, each part
would import the others.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from validate_docbr import CNPJ

from . import periods
from .accounts import BY_CODE, INPUT_CODES
from .errors import SpecError, TcxlError
from .structure import AREAS, ProjectViews
from .text import fold, is_email

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

Money = Annotated[Decimal, Field(ge=0, decimal_places=2)]
Aggregation = Literal["sum", "last", "max", "none"]

_AREA_ALIASES = {"tecnologia": 0, "capacitacao": 1, "pesquisa": 2, "gestao": 3}

ACTIVITY_CODE = re.compile(r"^A(\d+)\.(\d+)$")
MONITORING_CODE = re.compile(r"^AM\.(\d+)$")
_CEP = re.compile(r"^\d{5}-?\d{3}$")
# Nº do Protocolo do projeto (NUP, e.g. 25000.009153/2018-81): checked loosely, digits and the
# separators people type; the check digits are not verified (older numbers differ in shape)
_PROTOCOL = re.compile(r"^(?=.*\d)[\d./-]+$")


def _check_email(v: str) -> str:
    if v and not is_email(v):
        raise ValueError(f"e-mail inválido: {v!r}")
    return v


MAX_SPEC_BYTES = 10 * 2**20  # a spec of 3,000 activities is under 1 MB
MAX_ACTIVITIES = 20_000  # a workbook of 3,000 takes ~2 s and ~120 MB; 100,000 took past 3 GB


def _bounded_size(data: Any, source: str) -> None:
    """Refuse, before validating, a spec with more activities than a workbook can sensibly
    hold (a typo or a hostile file: building it would take minutes and gigabytes)."""
    if not isinstance(data, dict):
        return
    groups = [r.get("activities") for r in data.get("results") or [] if isinstance(r, dict)]
    groups.append(data.get("monitoring"))
    count = sum(len(g) for g in groups if isinstance(g, list))
    if count > MAX_ACTIVITIES:
        where = f"{source}: " if source else ""
        raise TcxlError(
            f"{where}especificação com {count:_} atividades, acima do limite de {MAX_ACTIVITIES:_}".replace("_", ".")
        )


EXCEL_TEXT_LIMIT = 32_767  # characters one cell holds: a longer text is refused, never cut


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, str_max_length=EXCEL_TEXT_LIMIT)


class Entity(_Spec):
    """A – Informações da entidade de saúde."""

    name: str = ""
    address: str = ""
    district: str = ""
    city: str = ""
    cep: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    cnes: str = ""
    cnpj: str = ""
    excellence_date: dt.date | None = None
    legal_representative: str = ""

    @field_validator("cnpj")
    @classmethod
    def _cnpj(cls, v: str) -> str:
        if v and not CNPJ().validate(v):
            raise ValueError(f"CNPJ inválido: {v!r} (dígitos verificadores não conferem)")
        return CNPJ().mask(v) if v else v

    @field_validator("cnes")
    @classmethod
    def _cnes(cls, v: str) -> str:
        if v and not re.fullmatch(r"\d{7}", v):
            raise ValueError(f"CNES inválido: {v!r} (deve ter 7 dígitos)")
        return v

    @field_validator("cep")
    @classmethod
    def _cep(cls, v: str) -> str:
        if v and not _CEP.match(v):
            raise ValueError(f"CEP inválido: {v!r} (use 00000-000)")
        return f"{v[:5]}-{v[-3:]}" if v else v

    _email = field_validator("email")(classmethod(lambda cls, v: _check_email(v)))


class Responsible(_Spec):
    """Responsável pelas informações."""

    name: str = ""
    role: str = ""
    phone: str = ""
    email: str = ""
    date: dt.date | None = None

    _email = field_validator("email")(classmethod(lambda cls, v: _check_email(v)))


class Indicator(_Spec):
    """One indicator row of the planning matrix; ``targets`` are per semester (Ano I/1º first)."""

    description: str = ""
    baseline: Decimal | str | None = None
    targets: list[Decimal | None] = []
    aggregation: Aggregation = "sum"
    source: str = ""
    assumption: str = ""


class Element(_Spec):
    """An objective or product of the matrix."""

    description: str = ""
    indicators: list[Indicator] = []


class SubActivity(_Spec):
    """Sub-activity ``Am.n.k``: appears in the activity schedule, carries no money."""

    code: str
    description: str = ""
    semesters: list[int | str] = []


class Activity(_Spec):
    """Activity ``Am.n`` (or ``AM.n`` for monitoring): schedule, money per year, indicators."""

    code: str | None = None
    description: str = ""
    responsible: str = ""
    semesters: list[int | str] = []
    planned: list[Money] = []
    indicators: list[Indicator] = []
    subactivities: list[SubActivity] = []


class Result(Element):
    """Resultado m: its products (optional) and its activities."""

    products: list[Element] = []
    activities: list[Activity] = []


class _Problems(ValueError):
    """Raised by the project validator to carry several located problems at once."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems))


class Project(_Spec, ProjectViews):
    """A PROADI-SUS project: everything the five sheets are built from.

    A pydantic v2 model of the project spec (``tcxl schema`` prints its JSON Schema): the
    entity, the project's registration, objectives and results with their indicators and
    activities, monitoring activities, the chart of accounts per year and indirect costs.
    Load it with :meth:`from_file` or :meth:`from_dict`, which validate every field (CNPJ
    check digits, CNES, CEP, money with at most 2 decimals, activity codes, semesters inside
    the project's years) and report every problem at once.

    Examples
    --------
    >>> import tcxl
    >>> project = tcxl.Project.from_file("samples/projeto_exemplo.yaml")
    >>> project.title
    'Qualificação da Rede de Cuidados Paliativos no SUS'
    >>> project.years, len(project.results), [a.code for a in project.monitoring]
    (3, 3, ['AM.1', 'AM.2', 'AM.3'])
    >>> project.entity.cnpj, project.total_value
    ('60.540.235/0001-06', Decimal('2903650.5'))
    """

    title: str = ""
    protocol: str = Field(default="", description="Nº do Protocolo do projeto (NUP), ex.: 25000.009153/2018-81")
    total_value: Money | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    years: int = Field(default=3, ge=1, le=10)
    year_basis: Literal["calendar", "project"] = "calendar"
    areas: list[str] = []
    monitoring_secretariat: str = ""
    entity: Entity = Entity()
    responsible: Responsible = Responsible()
    objectives: list[Element] = []
    results: list[Result] = []
    monitoring: list[Activity] = []
    financial: dict[str, list[Money]] = {}
    indirect_costs: list[Money] = []
    spare_rows: int = Field(
        default=0,
        ge=0,
        le=50,
        description="linhas de reserva em branco por bloco, para novas atividades (o modelo em branco traz 2)",
    )

    @field_validator("protocol", mode="before")
    @classmethod
    def _protocol_digits(cls, v: Any) -> Any:
        """A NUP typed without its mask in YAML (``protocol: 25000009153201881``) is an int."""
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v

    @field_validator("protocol")
    @classmethod
    def _protocol(cls, v: str) -> str:
        v = "".join(v.split())
        if v and not _PROTOCOL.match(v):
            raise ValueError(
                f"Nº do protocolo inválido: {v!r} (use dígitos, '.', '/' e '-', como 25000.009153/2018-81)"
            )
        return v

    @field_validator("areas")
    @classmethod
    def _areas(cls, v: list[str]) -> list[str]:
        folded = {fold(a): a for a in AREAS}
        out = []
        for item in v:
            key = fold(item)
            if key in _AREA_ALIASES:
                out.append(AREAS[_AREA_ALIASES[key]])
            elif key in folded:
                out.append(folded[key])
            else:
                raise ValueError(f"área desconhecida: {item!r}; use uma de: {'; '.join(AREAS)}")
        return out

    @model_validator(mode="after")
    def _structure(self) -> Project:
        problems: list[tuple[str, str]] = []
        self._check_period(problems)
        self._number_activities(problems)
        self._check_years(problems)
        if problems:
            raise _Problems(problems)
        return self

    # -- structure checks (all collected, none stops the others) -------------------
    def _check_period(self, problems: list) -> None:
        if self.start and self.end:
            if self.end < self.start:
                problems.append(("end", "término anterior ao início do projeto"))
            elif self.end.year - self.start.year + 1 > self.years and self.year_basis == "calendar":
                problems.append(("end", f"período de execução passa dos {self.years} anos do projeto"))

    def _number_activities(self, problems: list) -> None:
        seen: dict[str, str] = {}

        def claim(code: str, path: str) -> None:
            if code in seen:
                problems.append((path, f"código duplicado {code!r} (já usado em {seen[code]})"))
            else:
                seen[code] = path

        for m, result in enumerate(self.results, start=1):
            for n, act in enumerate(result.activities, start=1):
                path = f"results[{m - 1}].activities[{n - 1}].code"
                if act.code is None:
                    act.code = f"A{m}.{n}"
                act.code = act.code.replace(" ", "").upper()
                match = ACTIVITY_CODE.match(act.code)
                if not match:
                    problems.append((path, f"código inválido {act.code!r} (use A{m}.n)"))
                elif int(match.group(1)) != m:
                    problems.append((path, f"código {act.code!r} não pertence ao resultado {m} (use A{m}.n)"))
                claim(act.code, path)
                for k, sub in enumerate(act.subactivities):
                    spath = f"results[{m - 1}].activities[{n - 1}].subactivities[{k}].code"
                    sub.code = sub.code.replace(" ", "").upper()
                    if not sub.code.startswith(act.code + ".") or not sub.code[len(act.code) + 1 :].isdigit():
                        problems.append((spath, f"código inválido {sub.code!r} (use {act.code}.k)"))
                    claim(sub.code, spath)
        for n, act in enumerate(self.monitoring, start=1):
            path = f"monitoring[{n - 1}].code"
            if act.code is None:
                act.code = f"AM.{n}"
            act.code = act.code.replace(" ", "").upper()
            if not MONITORING_CODE.match(act.code):
                problems.append((path, f"código inválido {act.code!r} (use AM.n)"))
            claim(act.code, path)

    def _check_years(self, problems: list) -> None:
        n = self.years

        def per_year(values: list, path: str) -> None:
            if len(values) > n:
                problems.append((path, f"{len(values)} valores anuais para um projeto de {n} anos"))

        def semesters(values: list, path: str) -> list[int | str]:  # ints, typed as the fields they go to
            out: list[int | str] = []
            for i, value in enumerate(values):
                try:
                    out.append(periods.parse_semester(value, n, self.first_year))
                except ValueError as exc:
                    problems.append((f"{path}[{i}]", str(exc)))
            return sorted(set(out))

        def indicators(items: list[Indicator], path: str) -> None:
            for i, ind in enumerate(items):
                if len(ind.targets) > 2 * n:
                    problems.append(
                        (
                            f"{path}.indicators[{i}].targets",
                            f"{len(ind.targets)} metas semestrais para {2 * n} semestres",
                        )
                    )

        for i, obj in enumerate(self.objectives):
            indicators(obj.indicators, f"objectives[{i}]")
        for m, result in enumerate(self.results):
            indicators(result.indicators, f"results[{m}]")
            for p, prod in enumerate(result.products):
                indicators(prod.indicators, f"results[{m}].products[{p}]")
            for a, act in enumerate(result.activities):
                apath = f"results[{m}].activities[{a}]"
                act.semesters = semesters(act.semesters, f"{apath}.semesters")
                per_year(act.planned, f"{apath}.planned")
                indicators(act.indicators, apath)
                for k, sub in enumerate(act.subactivities):
                    sub.semesters = semesters(sub.semesters, f"{apath}.subactivities[{k}].semesters")
        for a, act in enumerate(self.monitoring):
            act.semesters = semesters(act.semesters, f"monitoring[{a}].semesters")
            per_year(act.planned, f"monitoring[{a}].planned")
        for code, values in self.financial.items():
            if code not in INPUT_CODES:
                hint = "é uma linha de total (calculada)" if code in BY_CODE else "conta desconhecida"
                problems.append((f"financial[{code!r}]", f"{hint}; informe apenas contas de lançamento"))
            per_year(values, f"financial[{code!r}]")
        per_year(self.indirect_costs, "indirect_costs")

    # -- loading --------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: Any, source: str = "") -> Project:
        """Validate a dict (e.g. parsed YAML).

        Parameters
        ----------
        data : dict
            The spec, with the keys of ``samples/projeto_exemplo.yaml``.
        source : str, optional
            The file it came from, named in the errors.

        Returns
        -------
        Project

        Raises
        ------
        SpecError
            Listing every problem, each naming its field.

        Examples
        --------
        >>> import tcxl
        >>> try:
        ...     tcxl.Project.from_dict({"entity": {"cnes": "123"}, "years": 0})
        ... except tcxl.SpecError as exc:
        ...     print(len(exc.problems) >= 2, sorted(path for path, _ in exc.problems))
        True ['entity.cnes', 'years']
        """
        _bounded_size(data, source)
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = _problems_from(exc)
        # Field errors stop pydantic before the cross-field checks run; drop the bad
        # fields from a copy and validate again so one run reports every problem.
        data = copy.deepcopy(data)
        for _ in range(3):
            try:
                cls.model_validate(data)
                break
            except ValidationError as exc:
                problems += [p for p in _problems_from(exc) if p not in problems]
                if not _drop_bad_fields(data, exc):
                    break
        raise SpecError(_root_causes(problems), source)

    @classmethod
    def from_file(cls, path: str | Path) -> Project:
        """Load a YAML or JSON spec.

        Parameters
        ----------
        path : str or os.PathLike
            A ``.yaml``/``.yml`` or ``.json`` file (UTF-8, at most a few MB, no YAML aliases).

        Returns
        -------
        Project

        Raises
        ------
        SpecError
            The spec is invalid (every problem listed).
        TcxlError
            The file cannot be read, is not text, is a spreadsheet, or does not parse.

        Examples
        --------
        >>> import tcxl
        >>> tcxl.Project.from_file("samples/projeto_exemplo.yaml").results[0].activities[0].code
        'A1.1'
        """
        import yaml

        class NoAliases(yaml.SafeLoader):
            """YAML without anchors' aliases: an alias chain expands exponentially ('billion laughs')."""

            def compose_node(self, parent, index):
                if self.check_event(yaml.AliasEvent):
                    mark = self.peek_event().start_mark
                    raise yaml.YAMLError(f"apelidos YAML (*nome) não são aceitos (linha {mark.line + 1})")
                return super().compose_node(parent, index)

        from .sniff import require_file

        path = require_file(path)  # a FIFO or a device as the spec would block the read forever
        try:
            if path.stat().st_size > MAX_SPEC_BYTES:
                raise TcxlError(
                    f"{path}: especificação grande demais ({path.stat().st_size / 2**20:.0f} MB; "
                    f"limite {MAX_SPEC_BYTES // 2**20} MB)"
                )
            with path.open("rb") as fh:
                head = fh.read(8)
            if head.startswith(b"PK") or head.startswith(b"\xd0\xcf\x11\xe0"):
                raise TcxlError(
                    f"{path}: é uma planilha, não uma especificação; o SPEC de build-template é um "
                    ".yaml ou .json (para conferir uma planilha: tcxl check)"
                )
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise TcxlError(f"{path}: a especificação não é texto UTF-8 (use um .yaml ou .json)") from None
        except OSError as exc:
            raise TcxlError(f"{path}: não foi possível ler a especificação ({exc.__class__.__name__})") from None
        try:
            data = json.loads(text) if path.suffix.lower() == ".json" else yaml.load(text, Loader=NoAliases)
        except (ValueError, yaml.YAMLError) as exc:
            from .errors import syntax_error

            raise TcxlError(f"{path}: especificação ilegível ({syntax_error(exc)})") from None
        if not isinstance(data, dict):
            raise TcxlError(f"{path}: a especificação deve ser um objeto (chave: valor)")
        return cls.from_dict(data, str(path))

    @classmethod
    def from_workbook(cls, workbook: Any) -> Project:
        """The project spec of a workbook read back (``tcxl spec``): what ``build-template`` takes.

        Parameters
        ----------
        workbook : Workbook
            What :func:`tcxl.read_workbook` returns, for any workbook it reads (tcxl-built or in
            the model's form). The reader depends on this module, so the file is read by the
            caller: ``Project.from_workbook(tcxl.read_workbook(path))``.

        Returns
        -------
        Project

        Raises
        ------
        SpecError
            The workbook's data is not a valid spec: every problem, each naming its field.
        TcxlError
            ``workbook`` is a path, not a workbook read back.

        Examples
        --------
        >>> import tcxl
        >>> project = tcxl.Project.from_workbook(tcxl.read_workbook("samples/tc60_2017.xlsx"))
        >>> project.years, project.results[0].activities[0].code
        (1, 'A1.1')
        """
        if not hasattr(workbook, "spec"):
            raise TcxlError(
                f"{workbook}: Project.from_workbook recebe a planilha lida: "
                "Project.from_workbook(tcxl.read_workbook(caminho))"
            )
        return workbook.spec()

    def to_dict(self) -> dict[str, Any]:
        """The spec as plain data (what :meth:`from_dict` takes back): fields left at their
        default omitted, money as numbers, dates as ``datetime.date``, semesters as indexes.

        Examples
        --------
        >>> import tcxl
        >>> project = tcxl.Project.from_file("samples/projeto_exemplo.yaml")
        >>> tcxl.Project.from_dict(project.to_dict()) == project
        True
        """

        def plain(value: Any) -> Any:
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list):
                return [plain(v) for v in value]
            if isinstance(value, Decimal):
                return int(value) if value == value.to_integral_value() else float(value)
            return value

        return plain(self.model_dump(mode="python", exclude_defaults=True))

    def to_text(self, fmt: Literal["yaml", "json"] = "yaml") -> str:
        """The spec as YAML or JSON text that :meth:`from_file` reads back.

        Examples
        --------
        >>> import tcxl
        >>> print(tcxl.Project(title="Projeto", years=2).to_text().strip())
        title: Projeto
        years: 2
        """
        data = self.to_dict()
        if fmt == "json":
            return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
        import yaml

        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)

    @classmethod
    def blank(cls, results: int = 3, activities: int = 3, monitoring: int = 2, years: int = 3) -> Project:
        """The official blank template: placeholder activities only.

        Parameters
        ----------
        results, activities, monitoring, years : int
            Results, activities per result, monitoring activities and years.

        Returns
        -------
        Project
            What ``tcxl build-template`` without a spec builds (with two spare rows per
            block).

        Examples
        --------
        >>> import tcxl
        >>> blank = tcxl.Project.blank()
        >>> len(blank.results), len(blank.results[0].activities), blank.years
        (3, 3, 3)
        """
        return cls(
            years=years,
            objectives=[Element()],
            results=[
                Result(activities=[Activity() for _ in range(activities)], products=[Element()]) for _ in range(results)
            ],
            monitoring=[Activity() for _ in range(monitoring)],
            spare_rows=2,
        )


# -- pydantic errors -> (path, pt-BR message) -------------------------------------------
# problems that only follow from a bad start or end date: not repeated once that date is reported
_NEEDS_DATES = ("exige a data de início",)


def _root_causes(problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One problem per root cause: a bad ``start`` is reported once, not again for every
    semester written as a calendar semester (which needs it)."""
    if any(path in ("start", "end") for path, _ in problems):
        problems = [(path, text) for path, text in problems if not any(n in text for n in _NEEDS_DATES)]
    return problems


_MESSAGES = {
    "missing": "campo obrigatório ausente",
    "extra_forbidden": "campo desconhecido",
    "decimal_parsing": "não é um número",
    "decimal_type": "não é um número",
    "float_parsing": "não é um número",
    "int_parsing": "não é um número inteiro",
    "decimal_max_places": "no máximo 2 casas decimais (centavos)",
    "date_parsing": "data inválida (use AAAA-MM-DD)",
    "date_from_datetime_parsing": "data inválida (use AAAA-MM-DD)",
    "date_type": "data inválida (use AAAA-MM-DD)",
    "string_type": "deve ser texto",
    "list_type": "deve ser uma lista",
    "dict_type": "deve ser um objeto (chave: valor)",
    "model_type": "deve ser um objeto (chave: valor)",
}


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif out.endswith("financial"):
            out += f"[{part!r}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _message(err: ErrorDetails) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind.startswith("date") and isinstance(err.get("input"), (str, int, float)):  # echo what was typed
        return f"data inválida '{err['input']}' (use AAAA-MM-DD)"
    if kind == "greater_than_equal":
        return f"valor negativo ({err['input']}); informe um valor ≥ {ctx.get('ge')}"
    if kind in ("less_than_equal", "greater_than"):
        return f"valor fora do limite ({err['input']})"
    if kind == "literal_error":
        return f"valor inválido {err['input']!r}; use {ctx.get('expected')}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "string_too_long":
        return (
            f"texto de {len(err['input']):_} caracteres, acima do limite de uma célula do Excel "
            f"({EXCEL_TEXT_LIMIT:_}); encurte-o"
        ).replace("_", ".")
    return _MESSAGES.get(kind, err["msg"])


def _drop_bad_fields(data: Any, exc: ValidationError) -> bool:
    """Remove (dict) or zero (list) each failing input in place; True if anything changed."""
    changed = False
    for err in exc.errors():
        loc = [p for p in err["loc"] if not _is_tag(p)]
        parent = data
        try:
            for part in loc[:-1]:
                parent = parent[part]
            if isinstance(parent, dict) and loc and loc[-1] in parent:
                del parent[loc[-1]]
                changed = True
            elif isinstance(parent, list) and loc and isinstance(loc[-1], int) and parent[loc[-1]] != 0:
                parent[loc[-1]] = 0
                changed = True
        except (KeyError, IndexError, TypeError):
            continue
    return changed


def _problems_from(exc: ValidationError) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for err in exc.errors():
        # union members (e.g. Decimal | str) report once per member: keep the first
        loc = tuple(p for p in err["loc"] if not _is_tag(p))
        error = (err.get("ctx") or {}).get("error")
        if isinstance(error, _Problems):
            problems.extend(error.problems)
            continue
        item = (_path(loc), _message(err))
        if all(path != item[0] for path, _ in problems):  # one line per field (unions report per member)
            problems.append(item)
    return problems


_UNION_TAGS = {"decimal", "str", "int", "date", "none", "constrained-str", "float", "bool"}


def _is_tag(part) -> bool:
    """pydantic's names for union members / validators in error locations, not field names."""
    return isinstance(part, str) and (part in _UNION_TAGS or "[" in part or part.startswith("function-"))
