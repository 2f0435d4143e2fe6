module escron.local/coredns

go 1.24
