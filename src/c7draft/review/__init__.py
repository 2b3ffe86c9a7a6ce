"""Reviews in Word back into the inputs: marks and matching (``match``), the word-level diff
(``worddiff``) and the three-way merge of a reviewed .docx into the records (``pull``)."""
