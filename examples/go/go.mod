module example.com/normaliser-client

go 1.19
