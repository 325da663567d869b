log_retention_days = 400
