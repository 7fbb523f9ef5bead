"""The project spec: loading, validation messages with field paths, semesters."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st
from pydantic_core import PydanticUndefined

import tcxl
from conftest import SAMPLE_JSON, SAMPLE_YAML
from test_cli import run_tcxl
from tcxl.periods import parse_semester, period_label


def problems(data: dict) -> dict[str, str]:
    with pytest.raises(tcxl.SpecError) as info:
        tcxl.Project.from_dict(data)
    return dict(info.value.problems)


def test_yaml_and_json_samples_are_the_same_project():
    assert tcxl.Project.from_file(SAMPLE_YAML) == tcxl.Project.from_file(SAMPLE_JSON)


def test_sample_is_realistic_and_consistent(sample_project):
    p = sample_project
    assert p.years == 3 and len(p.results) >= 3 and len(p.monitoring) >= 1
    assert sum(len(r.activities) for r in p.results) >= 10
    rules = {i.aggregation for o in (*p.objectives, *p.results) for i in o.indicators}
    assert {"sum", "last", "max", "none"} <= rules | {
        i.aggregation for r in p.results for x in (*r.products, *r.activities) for i in x.indicators}
    disbursed = sum(sum(a.planned) for r in p.results for a in r.activities) + \
        sum(sum(a.planned) for a in p.monitoring) + sum(p.indirect_costs)
    financial = sum(sum(v) for v in p.financial.values())
    assert disbursed == financial == p.total_value
    assert p.account_planned("3") == p.indirect_planned()


def test_every_problem_is_reported_with_its_field_path():
    found = problems({
        "entity": {"cnpj": "11.222.333/0001-80", "cnes": "12345", "cep": "7000-000", "email": "sem-arroba"},
        "results": [{"activities": [
            {"code": "A1.1", "planned": [-10, 1.234], "semesters": ["Ano IV/1º Sem"]},
            {"code": "A1.1"},
            {"code": "A2.1"},
        ]}],
        "financial": {"1.1": [1], "9.9": [1], "1.2": [1, 2, 3, 4]},
        "monitoring": [{"code": "M1"}],
    })
    assert "CNPJ inválido" in found["entity.cnpj"]
    assert "7 dígitos" in found["entity.cnes"]
    assert "00000-000" in found["entity.cep"]
    assert "e-mail inválido" in found["entity.email"]
    assert "valor negativo" in found["results[0].activities[0].planned[0]"]
    assert "2 casas decimais" in found["results[0].activities[0].planned[1]"]
    assert "fora dos 3 anos" in found["results[0].activities[0].semesters[0]"]
    assert "duplicado" in found["results[0].activities[1].code"]
    assert "não pertence ao resultado 1" in found["results[0].activities[2].code"]
    assert "linha de total" in found["financial['1.1']"]
    assert "conta desconhecida" in found["financial['9.9']"]
    assert "4 valores anuais" in found["financial['1.2']"]
    assert "AM.n" in found["monitoring[0].code"]


@pytest.mark.parametrize("cnpj", ["60.540.235/0001-06", "60540235000106", "12.ABC.345/01DE-35", "12abc34501de35"])
def test_valid_cnpj_numeric_and_alphanumeric(cnpj):
    project = tcxl.Project.from_dict({"entity": {"cnpj": cnpj}})
    assert project.entity.cnpj.replace(".", "").replace("/", "").replace("-", "") == \
        cnpj.upper().replace(".", "").replace("/", "").replace("-", "")


def test_unknown_field_and_bad_types():
    found = problems({"titulo": "x", "years": "três", "start": "31/12/2025", "areas": ["Astronomia"]})
    assert found["titulo"] == "campo desconhecido"
    assert "inteiro" in found["years"]
    assert "data inválida" in found["start"]
    assert "área desconhecida" in found["areas"]


def test_codes_are_numbered_when_omitted():
    p = tcxl.Project.from_dict({"results": [{"activities": [{}, {}]}, {"activities": [{}]}],
                                "monitoring": [{}, {"code": "am. 2"}]})
    assert [a.code for r in p.results for a in r.activities] == ["A1.1", "A1.2", "A2.1"]
    assert [a.code for a in p.monitoring] == ["AM.1", "AM.2"]


def test_semesters_accept_project_index_and_calendar_forms():
    p = tcxl.Project.from_dict({"start": "2025-03-01", "results": [{"activities": [
        {"semesters": ["Ano I/2º Sem", 3, "2027-2", "II/2"]}]}]})
    assert p.results[0].activities[0].semesters == [2, 3, 4, 6]
    assert period_label(3) == "Ano II/1º Sem"
    with pytest.raises(ValueError, match="data de início"):
        parse_semester("2025-1", 3, None)


@given(st.integers(1, 10), st.data())
def test_semester_forms_agree(years, data):
    index = data.draw(st.integers(1, 2 * years))
    year, half = (index - 1) // 2 + 1, (index - 1) % 2 + 1
    first = data.draw(st.integers(2000, 2090))
    assert parse_semester(index, years) == index
    assert parse_semester(period_label(index), years) == index
    assert parse_semester(f"{first + year - 1}-{half}", years, first) == index


def test_money_is_decimal_to_the_cent():
    p = tcxl.Project.from_dict({"results": [{"activities": [{"planned": [1234.56, "0.10", 7]}]}]})
    assert p.results[0].activities[0].planned == [Decimal("1234.56"), Decimal("0.10"), Decimal("7")]


def test_the_checkers_structure_has_the_fields_and_defaults_of_the_spec():
    """tcxl.structure mirrors tcxl.model without pydantic (the checker's fast start): the
    same fields, in the same order, with the same defaults, so the layout sees one shape."""
    import dataclasses

    from tcxl import model, structure

    pairs = [(model.Project, structure.Structure)] + [
        (getattr(model, name), getattr(structure, name))
        for name in ("Entity", "Responsible", "Indicator", "Element", "SubActivity", "Activity", "Result")]
    for spec, plain in pairs:
        fields = dataclasses.fields(plain)
        assert [f.name for f in fields] == list(spec.model_fields), plain.__name__
        for f in fields:
            default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
            expected = spec.model_fields[f.name].get_default(call_default_factory=True)
            if expected is PydanticUndefined:  # required in the spec (SubActivity.code)
                expected = ""
            expected = expected.model_dump() if hasattr(expected, "model_dump") else expected
            default = dataclasses.asdict(default) if dataclasses.is_dataclass(default) else default
            assert default == expected, (plain.__name__, f.name)
    assert model.AREAS is structure.AREAS
    # and the layout of a structure is the layout of the spec it mirrors
    blank = tcxl.Project.blank()
    mirror = structure.Structure(
        objectives=[structure.Element()],
        results=[structure.Result(activities=[structure.Activity(code=f"A{m}.{n}") for n in (1, 2, 3)],
                                  products=[structure.Element()])
                 for m in (1, 2, 3)],
        monitoring=[structure.Activity(code="AM.1"), structure.Activity(code="AM.2")], spare_rows=2)
    assert tcxl.workbook_layout(mirror).sheets == tcxl.workbook_layout(blank).sheets


def test_a_workbook_given_as_spec_is_one_line(sample_xlsx, tmp_path):
    proc = run_tcxl("build-template", sample_xlsx, "-o", tmp_path / "x.xlsx")
    assert proc.returncode == 2 and not (tmp_path / "x.xlsx").exists()
    (line,) = proc.stderr.strip().splitlines()
    assert "é uma planilha, não uma especificação" in line and "UnicodeDecodeError" not in line


def test_a_bad_start_date_is_one_line_echoing_the_value(tmp_path):
    from conftest import SAMPLE_YAML

    spec = tmp_path / "projeto.yaml"
    spec.write_text(SAMPLE_YAML.read_text(encoding="utf-8").replace("start: '2025-01-01'", "start: 31/02/2025"),
                    encoding="utf-8")
    proc = run_tcxl("build-template", spec, "-o", tmp_path / "x.xlsx")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"erro: {spec}: start: data inválida '31/02/2025' (use AAAA-MM-DD)"]
