{{- define "x" -}}x{{- end }}
