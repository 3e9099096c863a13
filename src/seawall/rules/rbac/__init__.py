"""RBAC rules (``RB1xx`` on what a Role or ClusterRole grants, reported at the rule entry that
grants it; ``RB2xx`` on who a RoleBinding or ClusterRoleBinding gives it to). The role model is
``seawall.model.rbac``; the dangerous permissions and how severity follows a role's reach are in
``_permissions``.
"""
