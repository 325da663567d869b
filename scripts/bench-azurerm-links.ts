// `node --import tsx scripts/bench-azurerm-links.ts [units]`: the azurerm mappers on a generated
// tree of 5,000 resources (500 units of ten: a storage account with its network rules, customer
// key and diagnostic setting, an SQL server with a database and a firewall rule, an NSG with a
// separate rule, a managed disk with its attachment). Every companion names its resource, so the
// joins (linkedRecord and the loops around it) are what is measured: they were quadratic (a scan of
// every candidate per link, and of every companion per resource). Writes .bench/azurerm5k, then
// prints the median of three in-process collections; time the CLI on the folder for whole-process figures.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { collectTerraform } from '../src/collectors/iac/terraform/index.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const dir = path.join(repoRoot, '.bench/azurerm5k');
const units = Number(process.argv[2] ?? 500);
const PER_FILE = 50;

function unit(i: number): string {
  return `
resource "azurerm_storage_account" "sa${i}" {
  name                     = "stbench${i}"
  resource_group_name      = "rg-bench"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account_network_rules" "sa${i}" {
  storage_account_id = azurerm_storage_account.sa${i}.id
  default_action     = "Deny"
}

resource "azurerm_storage_account_customer_managed_key" "sa${i}" {
  storage_account_id = azurerm_storage_account.sa${i}.id
  key_vault_key_id   = "https://kv-bench.vault.azure.net/keys/k${i}"
}

resource "azurerm_monitor_diagnostic_setting" "sa${i}" {
  name               = "diag${i}"
  target_resource_id = "\${azurerm_storage_account.sa${i}.id}/blobServices/default"
  storage_account_id = azurerm_storage_account.sa${i}.id
  enabled_log {
    category = "StorageRead"
  }
}

resource "azurerm_mssql_server" "sql${i}" {
  name                = "sql-bench-${i}"
  resource_group_name = "rg-bench"
  location            = "westeurope"
  version             = "12.0"
}

resource "azurerm_mssql_database" "db${i}" {
  name      = "db${i}"
  server_id = azurerm_mssql_server.sql${i}.id
}

resource "azurerm_mssql_firewall_rule" "office${i}" {
  name             = "office"
  server_id        = azurerm_mssql_server.sql${i}.id
  start_ip_address = "203.0.113.${i % 250}"
  end_ip_address   = "203.0.113.${i % 250}"
}

resource "azurerm_network_security_group" "nsg${i}" {
  name                = "nsg-bench-${i}"
  resource_group_name = "rg-bench"
  location            = "westeurope"
}

resource "azurerm_network_security_rule" "https${i}" {
  name                        = "https"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "443"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-bench"
  network_security_group_name = "nsg-bench-${i}"
}

resource "azurerm_managed_disk" "disk${i}" {
  name                 = "disk${i}"
  resource_group_name  = "rg-bench"
  location             = "westeurope"
  storage_account_type = "Standard_LRS"
  create_option        = "Empty"
  disk_size_gb         = 32
}

resource "azurerm_virtual_machine_data_disk_attachment" "disk${i}" {
  managed_disk_id    = azurerm_managed_disk.disk${i}.id
  virtual_machine_id = "/subscriptions/s/resourceGroups/rg-bench/providers/Microsoft.Compute/virtualMachines/vm${i}"
  lun                = 0
  caching            = "None"
}
`;
}

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
for (let start = 0; start < units; start += PER_FILE) {
  const body = Array.from({ length: Math.min(PER_FILE, units - start) }, (_, k) => unit(start + k)).join('');
  writeFileSync(path.join(dir, `units-${String(start / PER_FILE).padStart(3, '0')}.tf`), body);
}

const files = readdirSync(dir)
  .sort()
  .map((name) => ({
    relPath: name,
    absPath: path.join(dir, name),
    content: readFileSync(path.join(dir, name), 'utf8'),
    format: 'terraform' as const,
  }));
const times: number[] = [];
let resources = 0;
for (let run = 0; run < 3; run++) {
  const started = process.hrtime.bigint();
  const result = await collectTerraform(files, 'bench');
  times.push(Number(process.hrtime.bigint() - started) / 1e9);
  resources = result.resources.length;
}
times.sort((a, b) => a - b);
console.log(
  `azurerm links: ${units * 10} Terraform resources in ${files.length} files -> ${resources} resources; ` +
    `collection median ${times[1]?.toFixed(2)} s (of ${times.map((t) => t.toFixed(2)).join(', ')})`,
);
