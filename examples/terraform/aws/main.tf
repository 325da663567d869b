# An AWS estate with deliberate misconfigurations next to good examples, for `assay scan examples/`.
locals {
  env       = "prod"
  admin_ips = ["203.0.113.10/32"]
}

variable "log_retention_days" {
  type    = number
  default = 90
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-${local.env}-customer-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Suspended"
  }
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["${aws_s3_bucket.data.arn}", "${aws_s3_bucket.data.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "aws_s3_bucket" "website" {
  bucket = "acme-${local.env}-website"
  acl    = "public-read"
}

resource "aws_kms_key" "data" {
  description         = "customer data"
  enable_key_rotation = true
}

resource "aws_kms_key" "legacy" {
  description = "legacy key without rotation"
}

module "audit_logs" {
  source = "../modules/logging_bucket"
  name   = "acme-${local.env}-audit"
}

resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "SSH to the bastion"

  ingress {
    description = "SSH from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description      = "HTTPS"
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    cidr_blocks      = local.admin_ips
  }
}

resource "aws_security_group_rule" "db_from_anywhere_v6" {
  type              = "ingress"
  security_group_id = aws_security_group.bastion.id
  from_port         = 5432
  to_port           = 5432
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"]
}

resource "aws_db_instance" "orders" {
  identifier              = "orders"
  engine                  = "postgres"
  instance_class          = "db.t3.medium"
  allocated_storage       = 50
  username                = "orders"
  password                = "Sup3rS3cretPassw0rd!"
  publicly_accessible     = true
  storage_encrypted       = false
  backup_retention_period = 1
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 100
}

resource "aws_iam_policy" "break_glass" {
  name = "break-glass"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length        = 8
  password_reuse_prevention      = 4
  max_password_age               = 90
  require_symbols                = true
  require_numbers                = true
  require_uppercase_characters   = true
  require_lowercase_characters   = true
}

resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = module.audit_logs.bucket
  is_multi_region_trail         = true
  enable_log_file_validation    = false
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/acme/app"
  retention_in_days = var.log_retention_days
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/50dc6c495c0c9188"
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/73e2d6bc24d8a067"
  }
}
