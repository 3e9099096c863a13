"""Cluster configuration rules (kubeadm, kubelet, kube-proxy, control-plane static pods).

``KC0xx`` strict fields and API versions, ``KC1xx`` control-plane CIS controls, ``KC2xx``
kubelet, ``KC3xx`` kube-proxy and etcd, ``KC4xx`` flags and plugins removed at the target
Kubernetes version, ``KC5xx`` consistency between settings.
"""
