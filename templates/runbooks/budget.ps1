# The azslo budget job: for each SLO of $Budget (printed above by azslo from the spec), runs its budget query over the
# SLO's budget period through the Log Analytics query API (served by Resource Manager), and sends one row per SLO —
# good and total events, the error budget remaining — through the Logs Ingestion API to the service's budget table,
# which the budget alert rules read. Only REST calls with the job's managed identity, so the same script runs in Azure
# Automation (PowerShell 7.4) and against a local test endpoint. An SLO whose query fails is left out of the rows and
# fails the job once the others are sent (the account's job-failures metric then says so).

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$script:SkipCertificateCheck = [bool]($env:AZSLO_SKIP_CERTIFICATE_CHECK -eq '1')
$script:MaxAttempts = 6
$script:Tokens = @{}

function Get-AzsloBudgetToken {
    # Azure Automation exposes the job's managed identity at IDENTITY_ENDPOINT with IDENTITY_HEADER; one token per audience.
    param([string] $Resource)
    $cached = $script:Tokens[$Resource]
    if ($cached -and [DateTimeOffset]::UtcNow -lt $cached.Expires.AddMinutes(-5)) { return $cached.Token }
    if (-not $env:IDENTITY_ENDPOINT -or -not $env:IDENTITY_HEADER) { throw 'no managed identity: IDENTITY_ENDPOINT and IDENTITY_HEADER are not set' }
    $uri = '{0}?resource={1}&api-version=2019-08-01' -f $env:IDENTITY_ENDPOINT, [uri]::EscapeDataString($Resource)
    $answer = Invoke-RestMethod -Method Get -Uri $uri -Headers @{ 'X-IDENTITY-HEADER' = $env:IDENTITY_HEADER } -SkipCertificateCheck:$script:SkipCertificateCheck
    $script:Tokens[$Resource] = @{ Token = $answer.access_token; Expires = [DateTimeOffset]::FromUnixTimeSeconds([long]$answer.expires_on) }
    return $answer.access_token
}

function Invoke-AzsloBudgetRequest {
    # One request with the identity's token for $Resource: 429 and 5xx are retried (Retry-After, else exponential
    # back-off), other errors are thrown with the service's error code and message.
    param([string] $Method, [string] $Uri, [string] $Resource, [string] $Json)
    $attempt = 0
    while ($true) {
        $attempt++
        $request = @{ Method = $Method; Uri = $Uri; Headers = @{ Authorization = 'Bearer ' + (Get-AzsloBudgetToken -Resource $Resource) }; SkipHttpErrorCheck = $true; SkipCertificateCheck = $script:SkipCertificateCheck; ContentType = 'application/json'; Body = $Json }
        try {
            $response = Invoke-WebRequest @request
        } catch {
            if ($attempt -ge $script:MaxAttempts) { throw }
            Start-Sleep -Seconds ([Math]::Min([Math]::Pow(2, $attempt), 30))
            continue
        }
        $status = [int]$response.StatusCode
        if (($status -eq 429 -or $status -ge 500) -and $attempt -lt $script:MaxAttempts) {
            $wait = 0
            $after = if ($response.Headers.ContainsKey('Retry-After')) { [string]@($response.Headers['Retry-After'])[0] } else { '' }
            if (-not [int]::TryParse($after, [ref]$wait)) { $wait = [Math]::Min([Math]::Pow(2, $attempt), 30) }
            Start-Sleep -Seconds ([Math]::Min($wait, 60))
            continue
        }
        $content = $null
        if ($response.Content) { try { $content = $response.Content | ConvertFrom-Json -Depth 50 } catch { $content = $null } }
        if ($status -ge 400) {
            $code = 'HttpError'; $message = [string]$response.Content
            if ($content -and $content.PSObject.Properties['error']) { $code = [string]$content.error.code; $message = [string]$content.error.message }
            throw ('{0} {1}: {2} {3}: {4}' -f $Method, $Uri, $status, $code, $message)
        }
        return $content
    }
}

function Get-AzsloBudgetRow {
    # The first row of the query's first table, as a hashtable by column name.
    param($Answer)
    $table = @($Answer.tables)[0]
    $names = @($table.columns | ForEach-Object { [string]$_.name })
    $values = @(@($table.rows)[0])
    if ($values.Count -ne $names.Count) { throw 'the budget query returned no row' }
    $row = @{}
    for ($i = 0; $i -lt $names.Count; $i++) { $row[$names[$i]] = $values[$i] }
    return $row
}

if (-not $DcrImmutableId -or -not $IngestionEndpoint) { throw 'the job needs -DcrImmutableId and -IngestionEndpoint (the Logic App that starts it passes them)' }
$now = [DateTimeOffset]::UtcNow.ToString('o')
$rows = [System.Collections.Generic.List[object]]::new()
$failed = [System.Collections.Generic.List[string]]::new()
foreach ($slo in $Budget.Slos) {
    $uri = '{0}{1}/query?api-version={2}' -f $ArmEndpoint.TrimEnd('/'), $Budget.WorkspaceId, $Budget.QueryApiVersion
    try {
        $answer = Invoke-AzsloBudgetRequest -Method Post -Uri $uri -Resource $ArmAudience -Json (@{ query = $slo.Query; timespan = $slo.Timespan } | ConvertTo-Json -Compress)
        $r = Get-AzsloBudgetRow -Answer $answer
        $row = [ordered]@{
            TimeGenerated = $now
            Service = $Budget.Service
            Slo = $slo.Name
            Objective = [double]$slo.Objective
            WindowDays = [int]$slo.WindowDays
            PeriodStart = ([DateTimeOffset]$r['PeriodStart']).ToUniversalTime().ToString('o')
            Good = [long]$r['Good']
            Total = [long]$r['Total']
            RemainingPercent = [double]$r['RemainingPercent']
        }
        $rows.Add($row)
        Write-Output ([ordered]@{ slo = $slo.Name; result = 'computed'; good = $row.Good; total = $row.Total; remainingPercent = $row.RemainingPercent } | ConvertTo-Json -Compress)
    } catch {
        $failed.Add($slo.Name)
        Write-Output ([ordered]@{ slo = $slo.Name; result = 'failed'; message = $_.Exception.Message } | ConvertTo-Json -Compress)
    }
}
if ($rows.Count -gt 0) {
    $ingest = '{0}/dataCollectionRules/{1}/streams/{2}?api-version={3}' -f $IngestionEndpoint.TrimEnd('/'), $DcrImmutableId, $Budget.Stream, $Budget.IngestionApiVersion
    $null = Invoke-AzsloBudgetRequest -Method Post -Uri $ingest -Resource $IngestionAudience -Json (ConvertTo-Json -InputObject @($rows) -Compress -Depth 4)
    Write-Output ([ordered]@{ result = 'sent'; rows = $rows.Count; stream = $Budget.Stream } | ConvertTo-Json -Compress)
}
if ($failed.Count -gt 0) { throw ('the budget of {0} could not be computed' -f ($failed -join ', ')) }
