"""Calico rules: the tigera operator ``Installation``, ``IPPool``, ``FelixConfiguration`` and
Calico ``NetworkPolicy``/``GlobalNetworkPolicy`` objects.

``CN1xx`` IP pools, encapsulation and MTU (also against the kubeadm ``podSubnet``), ``CN2xx``
policy selectors and scoping.
"""
