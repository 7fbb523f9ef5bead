"""Marks by which the reader recognises what tcxl itself wrote into a workbook."""

# the first words of the 'Conferência' sheet of an annotated copy (tcxl check --annotate):
# the reader skips that sheet, because its messages quote the labels it looks for
ANNOTATION_MARK = "Conferência do tcxl:"
