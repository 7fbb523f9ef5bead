"""Rules of group across sheets (TCX4xx): what the model implies but does not state (SPEC §3).

Data only: see :mod:`tcxl.rules`. Money fields are written as the sheet shows them
("R$ 1.234,56"); ``activity`` is an activity's code as typed ("A2.4").
"""

from ...findings import ERROR, INFO, WARNING  # noqa: F401
from .. import Rule

RULES = [
    Rule(
        "TCX401",
        WARNING,
        "atividade em um cronograma e não no outro",
        message="a atividade {activity} não aparece no {other}; inclua-a lá ou corrija o código",
        explanation="Cada atividade de intervenção tem dinheiro no Cronograma de Desembolso e semestres no "
        "Cronograma de Atividades, com o mesmo código nos dois. Uma atividade que só está num deles fica sem "
        "prazo ou sem recurso, e quem analisa o projeto não consegue acompanhá-la.",
        wrong="Cronograma de Desembolso com a atividade A2.4 (R$ 40.000,00 no Ano I); no Cronograma de "
        "Atividades, A2.3 é a última linha do Resultado 2",
        right="A2.4 nos dois cronogramas: valores no Cronograma de Desembolso e as linhas Previsto/Realizado "
        "com X nos semestres no Cronograma de Atividades",
        fix="Inclua a atividade que falta no cronograma citado, com o mesmo código e a mesma descrição (insira "
        "uma linha no bloco do resultado e copie a linha de cima), ou corrija o código digitado errado "
        "(A2.4 em vez de A.2.4, por exemplo).",
    ),
    Rule(
        "TCX402",
        WARNING,
        "atividade fora da Matriz de Planejamento (ou só nela)",
        message="a atividade {activity} {situation}",
        explanation="A Matriz de Planejamento lista, em '1.4. Atividades Principais de Intervenção', as "
        "atividades que os cronogramas detalham. Uma atividade nos cronogramas que não está na Matriz (ou "
        "na Matriz e em nenhum cronograma) indica um plano desatualizado numa das abas.",
        wrong="Cronograma de Desembolso com A1.5; na Matriz de Planejamento, '1.4. Atividades Principais de "
        "Intervenção' vai de 'Atividade 1.1' a 'Atividade 1.4'",
        right="Matriz de Planejamento com a linha 'Atividade 1.5: …' em 1.4, igual aos cronogramas",
        fix="Acrescente a atividade em 1.4 da Matriz de Planejamento com o mesmo número ('Atividade 1.5: "
        "descrição'), ou inclua nos cronogramas a atividade que só está na Matriz, ou retire a que saiu do "
        "projeto de todas as abas.",
    ),
    Rule(
        "TCX403",
        WARNING,
        "total do desembolso diferente do TOTAL GERAL",
        message="o total do Cronograma de Desembolso ({disbursement}) difere do TOTAL GERAL previsto na "
        "Execução Financeira ({statement})",
        explanation="O Cronograma de Desembolso e a Execução Financeira (Planilha orçamentária) descrevem o "
        "mesmo dinheiro, um por atividade e outro por conta: o 'Total dos Recursos Despendidos' previsto deve "
        "ser igual à Previsão do TOTAL GERAL (1+2+3+4) somada nos anos. Se diferem, um dos dois está errado.",
        wrong="Total dos Recursos Despendidos no Triênio: R$ 2.903.750,50; TOTAL GERAL (1+2+3+4), Total "
        "Triênio, Previsão: R$ 2.903.650,50",
        right="os dois totais em R$ 2.903.650,50",
        fix="Procure a diferença (o valor da mensagem) ano a ano: compare o total previsto de cada ano no "
        "Cronograma de Desembolso com a Previsão do TOTAL GERAL do mesmo ano e corrija a atividade ou a conta "
        "digitada errado.",
    ),
    Rule(
        "TCX404",
        WARNING,
        "TOTAL GERAL diferente do Valor total do Projeto (B.2.2)",
        message="o Valor total do Projeto (B.2.2) é {declared}, mas o {total_name} é {total}",
        explanation="O '2.2. Valor total do Projeto' da aba Identificação é o valor aprovado; a Previsão do "
        "TOTAL GERAL da Execução Financeira (ou, sem ela, o total do Cronograma de Desembolso) deve dar o "
        "mesmo. Uma diferença indica um valor desatualizado numa das abas.",
        wrong="2.2. Valor total do Projeto: R$ 2.903.000,00; TOTAL GERAL (1+2+3+4), Total Triênio, Previsão: "
        "R$ 2.903.650,50",
        right="2.2. Valor total do Projeto: R$ 2.903.650,50, igual ao TOTAL GERAL previsto",
        fix="Confira o valor aprovado do projeto: se o 2.2 está certo, ajuste as previsões das contas (ou das "
        "atividades) até o total bater; se as tabelas estão certas, corrija o 2.2 na aba Identificação.",
    ),
    Rule(
        "TCX405",
        WARNING,
        "custos indiretos (bloco) diferentes da conta 3",
        message="custos indiretos previstos{period}: {disbursement} {place} e {account} na conta 3 da "
        "Execução Financeira{scope}",
        explanation="Os custos indiretos aparecem duas vezes: no Cronograma de Desembolso (o bloco 'Custos "
        "Indiretos Transferidos de Apoio e Administração', ou a linha 3 (E) do 'Desembolso Financeiro') e na "
        "conta '3. CUSTOS INDIRETOS TRANSFERIDOS DE APOIO E ADMINISTRAÇÃO' da Execução Financeira. Os dois "
        "valores previstos devem ser iguais.",
        wrong="Cronograma de Desembolso, CI, Ano I, Previsto: R$ 52.000,00; Execução Financeira, conta 3, Ano "
        "I, Previsão: R$ 51.000,00",
        right="R$ 52.000,00 nos dois lugares",
        fix="Decida qual dos dois valores é o aprovado e digite o mesmo no outro: o Previsto da linha CI (ou "
        "da linha 3 do resumo) no Cronograma de Desembolso, ou a Previsão da conta 3 na Execução Financeira, "
        "ano a ano.",
    ),
]
