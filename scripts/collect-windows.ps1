<#
.SYNOPSIS
  Exports one Windows host's security settings to a JSON file for `assay collect host --windows-export FILE`.

.DESCRIPTION
  Read-only. Run it in an elevated PowerShell (Run as administrator): secedit and auditpol need
  administrator rights. Windows PowerShell 5.1 or PowerShell 7 on Windows 10/11 or Server 2016+.

  What it runs, and where each result goes in the JSON:
    secedit /export /cfg <temp>.inf /areas SECURITYPOLICY USER_RIGHTS
                                           -> "secedit"   (the INF text: [System Access] password and
                                                           lockout policy, [Privilege Rights], ...)
    auditpol /get /category:* /r           -> "auditpol"  (the CSV text, one row per subcategory)
    Get-NetFirewallProfile -PolicyStore ActiveStore
                                           -> "firewallProfiles" [{name, enabled, defaultInboundAction}]
                                              (the effective settings, Group Policy included; as printed)
    Get-SmbServerConfiguration             -> "smb1Enabled" (EnableSMB1Protocol)
    reg query "KEY" /v NAME, for each of   -> "registry" [{key, name, exitCode, output}]
      HKLM\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services
          fDenyTSConnections, UserAuthentication, SecurityLayer, MinEncryptionLevel (Group Policy)
      HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server fDenyTSConnections
      HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp
          UserAuthentication, SecurityLayer, MinEncryptionLevel
      HKLM\SYSTEM\CurrentControlSet\Services\mrxsmb10 Start (the SMBv1 client driver)
      (the list in src/providers/windows/hardening.ts; reg's own output and exit code are kept, so
      "value not set" and "access denied" stay apart)
    Get-LocalGroupMember -SID S-1-5-32-544 -> "localAdministrators" [{name, objectClass, principalSource}]
    Get-CimInstance Win32_OperatingSystem  -> "os" {caption, version, build}
  A section that cannot be read is left out and listed in "errors" [{section, message}], so assay
  records it as a gap instead of guessing.

  Output shape (UTF-8 JSON):
    { "schema": "assay.windows-export/v1", "computerName": "...", "collectedAt": "ISO 8601",
      "os": {...}, "secedit": "...", "auditpol": "...", "firewallProfiles": [...],
      "smb1Enabled": false, "registry": [...],
      "localAdministrators": [...], "errors": [...] }
  No password, hash or secret is read: secedit's export holds policy values, not credentials.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File collect-windows.ps1 -Output C:\temp\web01.json
  assay collect host --windows-export web01.json --output web01-snapshot.json
#>
[CmdletBinding()]
param(
  [Parameter(Mandatory = $true)][string]$Output
)

$ErrorActionPreference = 'Stop'
$errors = New-Object System.Collections.Generic.List[object]
$result = [ordered]@{
  schema       = 'assay.windows-export/v1'
  computerName = $env:COMPUTERNAME
  collectedAt  = (Get-Date).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')
}

function Add-Section([string]$Name, [scriptblock]$Read) {
  try {
    $value = & $Read
    if ($null -ne $value) { $result[$Name] = $value }
  } catch {
    $errors.Add([ordered]@{ section = $Name; message = $_.Exception.Message })
  }
}

Add-Section 'os' {
  $os = Get-CimInstance -ClassName Win32_OperatingSystem
  [ordered]@{ caption = $os.Caption; version = $os.Version; build = [string]$os.BuildNumber }
}

Add-Section 'secedit' {
  $inf = Join-Path $env:TEMP ("assay-secedit-{0}.inf" -f [guid]::NewGuid())
  try {
    $log = & secedit.exe /export /cfg $inf /areas SECURITYPOLICY USER_RIGHTS 2>&1
    if ($LASTEXITCODE -ne 0) { throw "secedit /export failed ($LASTEXITCODE): $log" }
    # secedit writes UTF-16LE with a byte order mark; Get-Content -Encoding Unicode reads it.
    Get-Content -LiteralPath $inf -Encoding Unicode -Raw
  } finally {
    Remove-Item -LiteralPath $inf -ErrorAction SilentlyContinue
  }
}

Add-Section 'auditpol' {
  $csv = & auditpol.exe /get /category:* /r 2>&1
  if ($LASTEXITCODE -ne 0) { throw "auditpol failed ($LASTEXITCODE): $csv" }
  ($csv | Where-Object { $_ -ne '' }) -join "`r`n"
}

Add-Section 'firewallProfiles' {
  # ActiveStore: what is in force, Group Policy merged in. Values as PowerShell prints them
  # (Enabled True/False/NotConfigured, DefaultInboundAction Block/Allow/NotConfigured).
  @(Get-NetFirewallProfile -PolicyStore ActiveStore | ForEach-Object {
      [ordered]@{
        name                 = [string]$_.Name
        enabled              = [string]$_.Enabled
        defaultInboundAction = [string]$_.DefaultInboundAction
      }
    })
}

Add-Section 'smb1Enabled' { [bool](Get-SmbServerConfiguration).EnableSMB1Protocol }

Add-Section 'registry' {
  # Windows PowerShell 5.1 turns a native command's stderr into errors: let them through here.
  $ErrorActionPreference = 'Continue'
  $policy = 'HKLM\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'
  $ts = 'HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server'
  $reads = @(
    @($policy, 'fDenyTSConnections'), @($policy, 'UserAuthentication'), @($policy, 'SecurityLayer'),
    @($policy, 'MinEncryptionLevel'), @($ts, 'fDenyTSConnections'),
    @("$ts\WinStations\RDP-Tcp", 'UserAuthentication'), @("$ts\WinStations\RDP-Tcp", 'SecurityLayer'),
    @("$ts\WinStations\RDP-Tcp", 'MinEncryptionLevel'),
    @('HKLM\SYSTEM\CurrentControlSet\Services\mrxsmb10', 'Start')
  )
  @($reads | ForEach-Object {
      # reg.exe writes its ERROR line to stderr and exits 1: keep both, assay tells them apart.
      $out = & reg.exe query $_[0] /v $_[1] 2>&1
      [ordered]@{ key = $_[0]; name = $_[1]; exitCode = $LASTEXITCODE; output = (@($out | ForEach-Object { [string]$_ }) -join "`r`n") }
    })
}

Add-Section 'localAdministrators' {
  # By SID, so it works whatever the group is called in the system's language.
  @(Get-LocalGroupMember -SID 'S-1-5-32-544' | ForEach-Object {
      [ordered]@{ name = [string]$_.Name; objectClass = [string]$_.ObjectClass; principalSource = [string]$_.PrincipalSource }
    })
}

$result['errors'] = @($errors)
$json = $result | ConvertTo-Json -Depth 6
[System.IO.File]::WriteAllText($Output, $json, (New-Object System.Text.UTF8Encoding($false)))
Write-Host "wrote $Output ($($errors.Count) section(s) not read)"
