"""OPA Gatekeeper rules: constraints evaluated offline against the scan set, and the templates
and constraints themselves checked.

``GK0xx`` evaluation results (violations, compile errors, what was not evaluated), ``GK1xx``
template and constraint hygiene (deprecated versions, missing templates, parameters, match blocks).
"""
