"""gunicorn settings for the hello-world yardstick: 2 sync workers, nothing else."""

workers = 2
worker_class = "sync"
control_socket_disable = True
