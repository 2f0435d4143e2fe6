module escron.local/pause

go 1.24
