from alpine:3.20 as Builder
run echo hi
From builder
copy --from=BUILDER /a /b
  user   app  
cmd echo $HOME | tee /tmp/x
