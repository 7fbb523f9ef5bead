"""The fixed chart of accounts of the "Demonstrativo da Execução Financeira" (SPEC §1.2).

Pure data: each account has a code, the label exactly as in the official model, a kind
and, for totals, the codes of its parts. The layout, the builder and (later) the
reader/checker all derive from this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    code: str
    label: str
    kind: str  # "heading" | "input" | "total" | "ratio"
    parts: tuple[str, ...] = ()

    @property
    def is_input(self) -> bool:
        return self.kind == "input"


def _a(code: str, label: str, kind: str = "input", *parts: str) -> Account:
    return Account(code, label, kind, tuple(parts))


ACCOUNTS: tuple[Account, ...] = (
    _a("1", "1. CUSTOS DIRETOS ESPECÍFICOS DO PROJETO", "heading"),
    _a("1.1", "1.1 Coordenação do Projeto", "total", "1.1.1", "1.1.2"),
    _a("1.1.1", "1.1.1 Serviços de Terceiros PJ"),
    _a("1.1.2", "1.1.2 Serviços de Terceiros PF"),
    _a("1.2", "1.2 Salários e Encargos"),
    _a("1.3", "1.3 Serviços de Terceiros", "total", "1.3.1", "1.3.2", "1.3.3", "1.3.4", "1.3.5"),
    _a("1.3.1", "1.3.1 Serviços de Assessoria e Consultoria PF"),
    _a("1.3.2", "1.3.2 Serviços de Assessoria e Consultoria PJ"),
    _a("1.3.3", "1.3.3 Serviços de Profissionais PJ"),
    _a("1.3.4", "1.3.4 Serviços de Profissionais PF"),
    _a("1.3.5", "1.3.5 Bolsistas e Estagiários"),
    _a("1.4", "1.4 Outros Serviços de Terceiros"),
    _a("1.5", "1.5 Medicamentos"),
    _a("1.6", "1.6 Material Médico"),
    _a("1.7", "1.7 Material de Consumo"),
    _a("1.8", "1.8 Despesas de Transporte e Hospedagem", "total", "1.8.1", "1.8.2", "1.8.3"),
    _a("1.8.1", "1.8.1 Pacientes e Acompanhantes"),
    _a("1.8.2", "1.8.2 Atividades de Ensino e Capacitação"),
    _a("1.8.3", "1.8.3 Atividades de Monitoramento e Avaliação"),
    _a("1.9", "1.9 Locação de Equipamentos e Imóveis"),
    _a("1.10", "1.10 Depreciação"),
    _a("1.11", "1.11 Outras (Especificar)"),
    _a(
        "TOTAL1",
        "TOTAL DOS CUSTOS DIRETOS ESPECÍFICOS",
        "total",
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "1.6",
        "1.7",
        "1.8",
        "1.9",
        "1.10",
        "1.11",
    ),
    _a("2", "2. CUSTOS DIRETOS COMPARTILHADOS: CUSTOS PELO USO DAS UNIDADES ASSISTENCIAIS (detalhes em anexo)"),
    _a("SUBTOTAL", "SUBTOTAL (1 + 2)", "total", "TOTAL1", "2"),
    _a("3", "3. CUSTOS INDIRETOS TRANSFERIDOS DE APOIO E ADMINISTRAÇÃO"),
    _a("4", "4.CAPITAL (investimento)", "heading"),
    _a("4.1", "4.1 Imobilizado - Tangível", "total", "4.1.1", "4.1.2", "4.1.3", "4.1.4"),
    _a("4.1.1", "4.1.1 Obras e Instalações"),
    _a("4.1.2", "4.1.2 Equipamentos e Material Permanente"),
    _a("4.1.3", "4.1.3 Equipamentos de Informática"),
    _a("4.1.4", "4.1.4 Outros (especificar)"),
    _a("4.2", "4.2 Imobilizado - Intangível (especificar)"),
    _a("TOTAL4", "TOTAL CAPITAL (4.1 + 4.2)", "total", "4.1", "4.2"),
    _a("TOTAL", "TOTAL GERAL (1+2+3+4)", "total", "SUBTOTAL", "3", "TOTAL4"),
    _a("PCT3", "% Custos Indiretos de Apoio e Administração/Custo Geral [3 / (1+2+3+4)]", "ratio", "3", "TOTAL"),
)

BY_CODE: dict[str, Account] = {a.code: a for a in ACCOUNTS}
INPUT_CODES: tuple[str, ...] = tuple(a.code for a in ACCOUNTS if a.is_input)
INDIRECT_CODE = "3"
GRAND_TOTAL_CODE = "TOTAL"
