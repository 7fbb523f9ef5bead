"""Rules of group formulas (TCX2xx): what a total or percentage cell holds (SPEC §3, §3.1).

Data only: see :mod:`tcxl.rules`. Messages name the cell by what it stands for (``item``,
e.g. "1.3 Serviços de Terceiros, Ano I, Previsão") and say what is wrong (``problem``),
with the counterexample that proves it where a formula is accused (SPEC §3.1).
"""

from ...findings import ERROR, INFO, WARNING
from .. import Rule

RULES = [
    Rule(
        "TCX201",
        ERROR,
        "valor fixo ou célula vazia onde deveria haver fórmula",
        message="{item}: a célula {content}{wrong} onde deveria haver a fórmula {formula}; {restore}",
        explanation="Um total, subtotal ou percentual do modelo é uma fórmula, para acompanhar as células de "
        "origem. Um número digitado por cima (ou a célula apagada) fica parado: quando alguém corrige um "
        "valor de origem, o total continua o mesmo e a planilha passa a mostrar um total errado.",
        wrong="Execução Financeira, '1.3 Serviços de Terceiros', Ano I, Previsão: 382450,3 (digitado)",
        right="Execução Financeira, '1.3 Serviços de Terceiros', Ano I, Previsão: =SOMA(D9:D13)",
        fix="Copie a fórmula da mesma coluna numa linha de total igual (ou de uma planilha nova gerada pelo "
        "tcxl build-template) e cole na célula; numa aba protegida, use Revisão > Desproteger planilha antes "
        "e proteja de novo depois. A mensagem diz qual fórmula restaurar.",
    ),
    Rule(
        "TCX202",
        ERROR,
        "fórmula não cobre todas as linhas do seu bloco",
        message="{item}: {problem}",
        explanation="A fórmula deixa de fora uma ou mais células que o total deve somar — em geral uma linha "
        "inserida logo abaixo do intervalo da SOMA, que o Excel não inclui sozinho. O total fica menor do que "
        "deveria sem nenhum aviso na planilha. O tcxl só acusa com um exemplo: valores em que a fórmula dá "
        "um número e o total certo dá outro.",
        wrong="=SOMA(C9:C12) no total do bloco, com uma atividade nova digitada na linha 13",
        right="=SOMA(C9:C13) (ou a fórmula do modelo, que cresce com as linhas inseridas)",
        fix="Estenda o intervalo da fórmula até a última linha do bloco, ou restaure a fórmula do modelo "
        "indicada na mensagem; confira que o item citado passa a entrar no total.",
    ),
    Rule(
        "TCX203",
        ERROR,
        "fórmula aponta para células erradas",
        message="{item}: {problem}",
        explanation="A fórmula calcula outra coisa que não o total pedido: conta um item duas vezes, soma uma "
        "célula de fora do bloco, subtrai ou multiplica onde deveria somar, troca numerador e denominador de "
        "um percentual, passa do limite do Excel ou não pode ser lida. O tcxl lê o que a fórmula calcula, "
        "qualquer que seja a forma, e só acusa com um exemplo de valores em que ela erra.",
        wrong="=SOMA(C9:C13)+C12 (o item da linha 12 contado duas vezes)",
        right="=SOMA(C9:C13)",
        fix="Leia o exemplo da mensagem (os valores em que a fórmula dá um número e o total certo, outro) e "
        "corrija as referências, ou restaure a fórmula do modelo indicada.",
    ),
    Rule(
        "TCX204",
        ERROR,
        "valor de erro (#REF!, #DIV/0!, #VALUE!, #NAME?)",
        message="{item}: {problem}",
        explanation="A célula mostra um valor de erro do Excel: uma referência a linhas ou abas apagadas "
        "(#REF!), uma divisão por zero (#DIV/0!), texto onde se espera número (#VALUE!) ou uma função "
        "desconhecida (#NAME?). Os totais acima dela também ficam com erro.",
        wrong="=SOMA(#REF!) depois de apagar as linhas somadas",
        right="=SOMA(C9:C13)",
        fix="Corrija a fórmula citada (ou restaure a do modelo); se a célula é de entrada, digite o valor. "
        "Um #VALUE! costuma vir de um valor digitado como texto numa célula de origem (veja TCX501).",
    ),
    Rule(
        "TCX205",
        WARNING,
        "percentual sem proteção contra divisão por zero",
        message="{item}: {problem}",
        explanation="O percentual divide Executado por Previsão sem prever a Previsão vazia ou zero: nesses "
        "anos a célula mostra #DIV/0!, que aparece impresso e estraga os totais que leem a célula.",
        wrong="=E9/D9",
        right='=SE(D9=0;"";E9/D9)',
        fix='Use SE(Previsão=0;"";Executado/Previsão), ou SEERRO(Executado/Previsão;""), como no modelo.',
    ),
    Rule(
        "TCX206",
        WARNING,
        "linha sem as fórmulas da linha (linha inserida); o tcxl calcula os valores",
        message="linha da {what} sem as fórmulas da linha (totais e percentuais), como fica uma linha inserida "
        "numa aba protegida; o tcxl calculou esses valores e os totais do bloco já incluem a linha. Para "
        "restaurar as fórmulas: Revisão > Desproteger planilha, copie as células de fórmula de uma linha acima "
        "e cole nesta linha, e proteja a planilha de novo",
        explanation="Uma linha de atividade ou indicador tem os valores digitados, mas não as fórmulas da "
        "própria linha (total dos anos, percentuais): é o que acontece quando se insere uma linha numa aba "
        "protegida. O tcxl calcula esses valores para conferir os totais, mas a planilha não os mostra.",
        wrong="Cronograma de Desembolso, linha A1.4 inserida: Ano I e Ano II digitados, Total Triênio vazio",
        right="A mesma linha com =SOMA(C14;F14) no Total Triênio, como as linhas acima",
        fix="Revisão > Desproteger planilha; copie as células de fórmula de uma linha de atividade acima e "
        "cole nesta linha; proteja a planilha de novo.",
    ),
    Rule(
        "TCX207",
        INFO,
        "fórmula não conferida (usa o que o tcxl não calcula)",
        message="{item}: {problem}",
        explanation="A fórmula usa uma função, nome ou referência que o tcxl não calcula (por exemplo, um "
        "vínculo com outra pasta de trabalho ou uma função rara), então o tcxl não pode provar se ela está "
        "certa ou errada. Não é erro: o resultado gravado na célula ainda é comparado com o total certo.",
        wrong='=SOMA(C9:C13)+INDIRETO("C"&LIN()) (INDIRETO não é calculado pelo tcxl)',
        right="=SOMA(C9:C13)",
        fix="Confira a fórmula à mão, ou troque-a pela fórmula do modelo, que o tcxl confere.",
    ),
    Rule(
        "TCX208",
        WARNING,
        "tabela sem nenhuma fórmula (digitada à mão)",
        message="nenhum dos {count} totais e percentuais desta tabela é fórmula; os valores digitados foram "
        "conferidos com as células de origem, mas não se atualizam: use o modelo gerado pelo tcxl (tcxl "
        "build-template)",
        explanation="A tabela foi digitada à mão a partir do modelo em Word: nenhum total é fórmula. O tcxl "
        "confere cada total digitado com as suas partes (um total errado é TCX3xx), mas basta alterar um "
        "valor para os totais ficarem desatualizados. Sai uma constatação por tabela, não uma por total.",
        wrong="Planilha orçamentária com TOTAL GERAL (1+2+3+4) digitado: 1.334,56",
        right="TOTAL GERAL (1+2+3+4) = SOMA das linhas 1 a 4, como no modelo do tcxl",
        fix="Gere a planilha oficial com tcxl build-template e copie os valores para ela (tcxl fill), ou "
        "troque cada total digitado pela fórmula.",
    ),
]
