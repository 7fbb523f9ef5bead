"""Rules of group arithmetic (TCX3xx): totals and percentages compared to the cent (SPEC §3, §3.1).

Data only: see :mod:`tcxl.rules`. Each is one of three situations, which the ``problem``
field says: a typed total that disagrees with its parts, a stored result that disagrees
with its own formula (stale: the file was changed without recalculating), or the stored
result of a formula tcxl cannot evaluate that disagrees with the total its parts require.
"""

from ...findings import ERROR
from .. import Rule

_STALE = (
    " Quando a própria fórmula dá outro valor com os valores que ela lê, o resultado gravado está "
    "desatualizado (o arquivo foi alterado por um programa sem recalcular)."
)
_FIX = (
    "Se a célula é uma fórmula, abra e salve a planilha no Excel ou LibreOffice (ou rode tcxl recalc) "
    "para recalcular; se o valor foi digitado, troque-o pela fórmula do modelo ou corrija as partes."
)

RULES = [
    Rule(
        "TCX301",
        ERROR,
        "total diferente da soma das partes",
        message="{item}: {problem}",
        explanation="Um total ou subtotal mostra um valor diferente da soma das suas partes, ao centavo." + _STALE,
        wrong="'1. Despesas Correntes', Ano I, Previsão mostra R$ 10.000,00; 1.1 + 1.2 + 1.3 + 1.4 + 1.5 = R$ 9.500,00",
        right="'1. Despesas Correntes', Ano I, Previsão = R$ 9.500,00",
        fix=_FIX,
    ),
    Rule(
        "TCX302",
        ERROR,
        "Total Triênio diferente da soma dos anos",
        message="{item}: {problem}",
        explanation="A coluna do total de todos os anos (Total Triênio, Total Quadriênio, …) não é a soma dos "
        "anos da mesma linha." + _STALE,
        wrong="A1.1 Previsto: Ano I 100,00, Ano II 50,00, Ano III 0,00, Total Triênio 120,00",
        right="Total Triênio 150,00",
        fix=_FIX,
    ),
    Rule(
        "TCX303",
        ERROR,
        "% diferente de Executado/Previsão",
        message="{item}: {problem}",
        explanation="A coluna % não mostra Executado dividido por Previsão do mesmo ano e da mesma linha." + _STALE,
        wrong="Previsão 200,00, Executado 50,00, % 40,0%",
        right="% 25,0%",
        fix=_FIX,
    ),
    Rule(
        "TCX304",
        ERROR,
        "resumo do desembolso diferente dos blocos",
        message="{item}: {problem}",
        explanation="Uma linha do resumo do Cronograma de Desembolso (1. Total Resultado 1 (A), …, Total dos "
        "Recursos Despendidos) não é igual ao total do bloco ou à soma das linhas que resume." + _STALE,
        wrong="'1. Total Resultado 1 (A)' mostra R$ 80.000,00 e o bloco do Resultado 1 soma R$ 85.000,00",
        right="'1. Total Resultado 1 (A)' = R$ 85.000,00",
        fix=_FIX,
    ),
    Rule(
        "TCX305",
        ERROR,
        "% de custos indiretos diferente de 3 / TOTAL GERAL",
        message="{item}: {problem}",
        explanation="O percentual de custos indiretos da Execução Financeira não é a conta 3 dividida pelo "
        "TOTAL GERAL do mesmo ano." + _STALE,
        wrong="Conta 3 = R$ 5.000,00, TOTAL GERAL = R$ 100.000,00, % custos indiretos 4,0%",
        right="% custos indiretos 5,0%",
        fix=_FIX,
    ),
    Rule(
        "TCX306",
        ERROR,
        "total de indicador diferente da regra de agregação",
        message="{item}: {problem}",
        explanation="O total de um indicador da Matriz de Planejamento não segue a regra do indicador (soma, "
        "média, último valor, máximo…). A regra vem dos metadados da planilha ou do que os outros totais do "
        "indicador concordam, nunca da própria célula conferida." + _STALE,
        wrong="Indicador cumulativo (soma) com metas 10, 20 e 30 por semestre e total 30",
        right="Total 60",
        fix=_FIX + " Se a regra do indicador é outra, escreva a fórmula de acordo com ela em todos os totais.",
    ),
]
