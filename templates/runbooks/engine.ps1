# The azslo recovery engine: carries out $Plan (printed above by azslo from the spec and the catalog) with nothing
# but Azure Resource Manager REST calls and the runbook's managed identity, so the same script runs in Azure
# Automation (PowerShell 7.4) and against a local test endpoint. It fails safe:
# - every step first checks whether it is already done (a rerun after a failure goes on where it stopped and never
#   fails over twice), then calls ARM, follows the long-running operation and checks again;
# - a step that may lose data refuses unless the run was started with -AllowDataLoss (an approver, on demand) or the
#   spec allowed it unattended; replication lag above the RPO blocks an unattended run and says so;
# - an alert notification whose monitor condition is Resolved does nothing;
# - -Drill takes only the planned, loss-free paths and fails back at the end, also when a step fails; -DrillPhase
#   Failover stops before the failback and -DrillPhase Failback runs only the failback (azslo drill, in between, checks
#   that the journey recovered);
# - every step writes one JSON line: step, resource, start, end, result, lag — the measured recovery time.

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$script:Token = $null
$script:TokenExpires = [DateTimeOffset]::MinValue

function Write-AzsloEvent {
    param([System.Collections.IDictionary] $Entry)
    $Entry['service'] = $Plan.Service
    $Entry['scenario'] = $Plan.Scenario
    Write-Output ($Entry | ConvertTo-Json -Compress -Depth 6)
}

function Get-AzsloToken {
    # Azure Automation (and App Service) expose the managed identity at IDENTITY_ENDPOINT with IDENTITY_HEADER.
    if ($script:Token -and [DateTimeOffset]::UtcNow -lt $script:TokenExpires.AddMinutes(-5)) { return $script:Token }
    if (-not $env:IDENTITY_ENDPOINT -or -not $env:IDENTITY_HEADER) { throw 'no managed identity: IDENTITY_ENDPOINT and IDENTITY_HEADER are not set' }
    $resource = $ArmAudience
    $uri = '{0}?resource={1}&api-version=2019-08-01' -f $env:IDENTITY_ENDPOINT, [uri]::EscapeDataString($resource)
    $answer = Invoke-RestMethod -Method Get -Uri $uri -Headers @{ 'X-IDENTITY-HEADER' = $env:IDENTITY_HEADER } -SkipCertificateCheck:$script:SkipCertificateCheck
    $script:Token = $answer.access_token
    $script:TokenExpires = [DateTimeOffset]::FromUnixTimeSeconds([long]$answer.expires_on)
    return $script:Token
}

function Get-AzsloRetryAfter {
    param($Headers, [int] $Attempt)
    $value = $null
    if ($Headers -and $Headers.ContainsKey('Retry-After')) { $value = @($Headers['Retry-After'])[0] }
    $seconds = 0
    if ($value -and [int]::TryParse([string]$value, [ref]$seconds)) { return [Math]::Min($seconds, 60) }
    return [Math]::Min([Math]::Pow(2, $Attempt), 30)
}

function Invoke-AzsloArm {
    # One ARM request with the identity's token: 429 and 5xx are retried (Retry-After, else exponential back-off),
    # other errors are thrown with ARM's error code and message.
    param([string] $Method, [string] $Uri, $Body = $null)
    $attempt = 0
    while ($true) {
        $attempt++
        $headers = @{ Authorization = 'Bearer ' + (Get-AzsloToken) }
        $request = @{ Method = $Method; Uri = $Uri; Headers = $headers; SkipHttpErrorCheck = $true; SkipCertificateCheck = $script:SkipCertificateCheck; ContentType = 'application/json' }
        if ($null -ne $Body) { $request['Body'] = ($Body | ConvertTo-Json -Depth 20 -Compress) }
        try {
            $response = Invoke-WebRequest @request
        } catch {
            if ($attempt -ge $script:MaxAttempts) { throw }
            Start-Sleep -Seconds ([Math]::Min([Math]::Pow(2, $attempt), 30))
            continue
        }
        $status = [int]$response.StatusCode
        if (($status -eq 429 -or $status -ge 500) -and $attempt -lt $script:MaxAttempts) {
            Start-Sleep -Seconds (Get-AzsloRetryAfter -Headers $response.Headers -Attempt $attempt)
            continue
        }
        $content = $null
        if ($response.Content) { try { $content = $response.Content | ConvertFrom-Json -Depth 50 } catch { $content = $null } }
        if ($status -ge 400) {
            $code = 'HttpError'; $message = [string]$response.Content
            if ($content -and $content.PSObject.Properties['error']) { $code = $content.error.code; $message = $content.error.message }
            throw ('{0} {1}: {2} {3}: {4}' -f $Method, $Uri, $status, $code, $message)
        }
        return [pscustomobject]@{ Status = $status; Headers = $response.Headers; Body = $content }
    }
}

function Get-AzsloUri {
    param([string] $Path, [string] $ApiVersion, [string] $Query = '')
    $separator = if ($Path.Contains('?')) { '&' } else { '?' }
    $uri = '{0}{1}{2}api-version={3}' -f $ArmEndpoint.TrimEnd('/'), $Path, $separator, $ApiVersion
    if ($Query) { $uri += '&' + $Query }
    return $uri
}

function Wait-AzsloOperation {
    # Follows a long-running operation the ARM way: Azure-AsyncOperation until Succeeded (or Failed / Canceled),
    # else Location until it stops answering 202; bounded by the step's timeout.
    param($Response, [DateTimeOffset] $Deadline)
    $async = $null; $location = $null
    if ($Response.Headers.ContainsKey('Azure-AsyncOperation')) { $async = @($Response.Headers['Azure-AsyncOperation'])[0] }
    if ($Response.Headers.ContainsKey('Location')) { $location = @($Response.Headers['Location'])[0] }
    if (-not $async -and -not $location) { return }
    while ($true) {
        if ([DateTimeOffset]::UtcNow -gt $Deadline) { throw 'the operation did not finish within the step timeout' }
        Start-Sleep -Seconds (Get-AzsloRetryAfter -Headers $Response.Headers -Attempt 1)
        if ($async) {
            $poll = Invoke-AzsloArm -Method Get -Uri $async
            $state = if ($poll.Body -and $poll.Body.PSObject.Properties['status']) { [string]$poll.Body.status } else { 'InProgress' }
            if ($state -eq 'Succeeded') { return }
            if ($state -in @('Failed', 'Canceled')) {
                $detail = if ($poll.Body.PSObject.Properties['error']) { $poll.Body.error.code + ': ' + $poll.Body.error.message } else { $state }
                throw ('the operation ended {0}: {1}' -f $state, $detail)
            }
            $Response = $poll
        } else {
            $poll = Invoke-AzsloArm -Method Get -Uri $location
            if ($poll.Status -ne 202) { return }
            $Response = $poll
        }
    }
}

function Get-AzsloProperty {
    # A dotted property path (properties.replicationRole) of an ARM body; a [n] index or a [key=value] filter selects in
    # an array (properties.locations[locationName=westeurope].failoverPriority).
    param($Object, [string] $Path)
    $value = $Object
    foreach ($part in $Path.Split('.')) {
        if ($null -eq $value) { return $null }
        $name = $part; $filter = $null
        if ($part -match '^([^\[]+)\[(.+)\]$') { $name = $Matches[1]; $filter = $Matches[2] }
        $property = $value.PSObject.Properties[$name]
        if ($null -eq $property) { return $null }
        $value = $property.Value
        if ($filter) {
            if ($filter -match '^\d+$') { $value = @($value)[[int]$filter] }
            elseif ($filter -match '^([^=]+)=(.*)$') {
                $key = $Matches[1]; $wanted = $Matches[2]
                $value = @($value | Where-Object { $_.PSObject.Properties[$key] -and [string]$_.PSObject.Properties[$key].Value -eq $wanted })[0]
            }
        }
    }
    return $value
}

function Test-AzsloDone {
    # Whether a step's effect is already in place: the property of a GET equals the value the step leads to.
    param($Check)
    if ($null -eq $Check) { return $false }
    $answer = Invoke-AzsloArm -Method Get -Uri (Get-AzsloUri -Path $Check.Path -ApiVersion $Check.ApiVersion -Query $Check.Query)
    $value = Get-AzsloProperty -Object $answer.Body -Path $Check.Property
    return ([string]$value -eq [string]$Check.Equals)
}

function Get-AzsloLagSeconds {
    # The replication lag now, when the step can measure it: seconds since the last sync time (Storage's
    # geoReplicationStats.lastSyncTime) or a lag in seconds the resource reports.
    param($Lag)
    if ($null -eq $Lag) { return $null }
    $answer = Invoke-AzsloArm -Method Get -Uri (Get-AzsloUri -Path $Lag.Path -ApiVersion $Lag.ApiVersion -Query $Lag.Query)
    $value = Get-AzsloProperty -Object $answer.Body -Path $Lag.Property
    if ($null -eq $value -or [string]$value -eq '') { return $null }
    if ($Lag.Kind -eq 'lastSyncTime') {
        $synced = [DateTimeOffset]::Parse([string]$value, [Globalization.CultureInfo]::InvariantCulture)
        return [Math]::Max(0, [Math]::Round(([DateTimeOffset]::UtcNow - $synced).TotalSeconds))
    }
    return [double]$value
}

function Invoke-AzsloRequest {
    param($Request, [DateTimeOffset] $Deadline)
    $uri = Get-AzsloUri -Path $Request.Path -ApiVersion $Request.ApiVersion -Query $Request.Query
    $response = Invoke-AzsloArm -Method $Request.Method -Uri $uri -Body $Request.Body
    Wait-AzsloOperation -Response $response -Deadline $Deadline
}

function Get-AzsloStepResult {
    # One recovery step: refuse what is not allowed, skip what is done, run, and wait until the effect shows.
    param($Step, [string] $Mode, [bool] $Unattended, [System.Collections.IDictionary] $Entry)
    $path = $Step
    if ($Mode -eq 'drill') { $path = $Step.Drill }
    elseif ($Mode -eq 'failback') { $path = if ($null -ne $Step.Drill) { $Step.Drill.Failback } else { $null } }
    if ($null -eq $path -or $null -eq $path.Request) {
        if ($Step.Activation -eq 'automatic') { $Entry.result = 'automatic'; $Entry.message = 'the platform recovers it, nothing to start: ' + $Step.Action }
        elseif ($Mode -ne 'recover') { $Entry.result = 'skipped'; $Entry.message = 'no planned, loss-free path to drill' }
        else { $Entry.result = 'manual'; $Entry.message = 'no ARM call can run it (' + $Step.Manual + '): ' + $Step.Action }
        return
    }
    if (Test-AzsloDone -Check $path.Done) {
        $Entry.result = 'already-done'
        $Entry.message = 'its effect is already in place: not run again'
        return
    }
    if ($Mode -eq 'recover' -and $Step.DataLoss -ne 'none') {
        $lag = Get-AzsloLagSeconds -Lag $Step.Lag
        $Entry.lag = $lag
        $approved = $AllowDataLoss.IsPresent -and -not $Unattended
        if (-not $approved -and -not $Plan.AllowDataLoss) {
            $Entry.result = 'refused'
            $Entry.message = 'this step may lose data (' + $Step.DataLoss + '): start the runbook on demand with -AllowDataLoss once an approver agrees, or allow it in the spec (recovery.plans[].allowDataLoss)'
            return
        }
        if (-not $approved -and $null -ne $lag -and $null -ne $Plan.RpoSeconds -and $lag -gt $Plan.RpoSeconds) {
            $Entry.result = 'blocked'
            $Entry.message = ('replication lag {0} s is above the RPO of {1} s: an unattended run would lose more than the RPO; an approver may start it with -AllowDataLoss' -f $lag, $Plan.RpoSeconds)
            return
        }
    }
    if ($DryRun) {
        $Entry.result = 'dry-run'
        $Entry.message = 'would run ' + $path.Request.Method + ' ' + $path.Request.Path
        return
    }
    $deadline = [DateTimeOffset]::UtcNow.AddSeconds($Step.TimeoutSeconds)
    Invoke-AzsloRequest -Request $path.Request -Deadline $deadline
    while ($null -ne $path.Done -and -not (Test-AzsloDone -Check $path.Done)) {
        if ([DateTimeOffset]::UtcNow -gt $deadline) { throw 'the step did not take effect within its timeout' }
        Start-Sleep -Seconds $script:PollSeconds
    }
    $Entry.result = 'done'
}

function Invoke-AzsloStep {
    # Runs one step and writes its JSON line; the result is left in $script:LastResult (the output stream carries
    # only the JSON lines).
    param($Step, [string] $Mode, [bool] $Unattended)
    $entry = [ordered]@{ step = $Step.Order; resource = $Step.Resource; mechanism = $Step.Mechanism; mode = $Mode; start = [DateTimeOffset]::UtcNow.ToString('o'); end = $null; result = $null; lag = $null; message = $null }
    try {
        Get-AzsloStepResult -Step $Step -Mode $Mode -Unattended $Unattended -Entry $entry
    } catch {
        $entry.result = 'failed'
        $entry.message = [string]$_.Exception.Message
    }
    $entry.end = [DateTimeOffset]::UtcNow.ToString('o')
    $script:LastResult = $entry
    Write-AzsloEvent -Entry $entry
}

function Read-AzsloAlert {
    # The common alert schema of an action group's webhook call, from Azure Automation's $WebhookData (its
    # RequestBody is the JSON text) or from the JSON itself.
    $data = $WebhookData
    if ($data -is [string]) { $data = $data | ConvertFrom-Json -Depth 50 }
    if ($data.PSObject.Properties['RequestBody']) { $data = [string]$data.RequestBody | ConvertFrom-Json -Depth 50 }
    return $data
}

function Invoke-AzsloFailback {
    # The failback phase of a drill on its own (azslo drill runs the failover, checks the journey, then this; its abort
    # guard runs it after an interruption): every step with a way back, the last step first. A step whose failback
    # check shows the original layout is skipped; without such a check, only a step whose drilled state shows is
    # failed back, so a rerun never moves anything twice.
    for ($i = @($Plan.Steps).Count - 1; $i -ge 0; $i--) {
        $step = @($Plan.Steps)[$i]
        if ($null -eq $step.Drill -or $null -eq $step.Drill.Failback -or $null -eq $step.Drill.Failback.Request) { continue }
        if ($null -eq $step.Drill.Failback.Done) {
            if ($null -eq $step.Drill.Done -or -not (Test-AzsloDone -Check $step.Drill.Done)) {
                Write-AzsloEvent -Entry ([ordered]@{ step = $step.Order; resource = $step.Resource; mechanism = $step.Mechanism; mode = 'failback'; start = [DateTimeOffset]::UtcNow.ToString('o'); end = [DateTimeOffset]::UtcNow.ToString('o'); result = 'skipped'; lag = $null; message = 'nothing shows the drill changed it: not failed back' })
                continue
            }
        }
        Invoke-AzsloStep -Step $step -Mode 'failback' -Unattended $false
        if ($script:LastResult.result -eq 'failed') { $script:Failed = $true }
    }
}

function Invoke-AzsloPlan {
    $unattended = $false
    if ($WebhookData) {
        $unattended = $true
        $alert = Read-AzsloAlert
        $condition = Get-AzsloProperty -Object $alert -Path 'data.essentials.monitorCondition'
        $rule = Get-AzsloProperty -Object $alert -Path 'data.essentials.alertRule'
        if ([string]$condition -eq 'Resolved') {
            Write-AzsloEvent -Entry ([ordered]@{ step = 0; result = 'ignored'; message = 'the alert ' + $rule + ' was resolved: nothing to do' })
            return
        }
        if (@($Plan.Triggers).Count -gt 0 -and -not (@($Plan.Triggers) -contains [string]$rule)) {
            Write-AzsloEvent -Entry ([ordered]@{ step = 0; result = 'ignored'; message = 'the alert ' + $rule + ' does not trigger this plan' })
            return
        }
    }
    if ($Drill -and $unattended) { throw 'a drill is started on demand, never by an alert' }
    if ($DrillPhase -ne 'All' -and -not $Drill) { throw '-DrillPhase is for drills: start the runbook with -Drill' }
    if ($Drill -and $DrillPhase -eq 'Failback') { Invoke-AzsloFailback; return }
    $mode = if ($Drill) { 'drill' } else { 'recover' }
    $changed = New-Object System.Collections.Generic.List[object]
    foreach ($step in $Plan.Steps) {
        Invoke-AzsloStep -Step $step -Mode $mode -Unattended $unattended
        if ($script:LastResult.result -eq 'done') { $changed.Add($step) }
        # A dry run reports every step, including those a real run would refuse or block, and changes nothing.
        if ($DryRun -and $script:LastResult.result -in @('refused', 'blocked')) { continue }
        if ($script:LastResult.result -in @('failed', 'refused', 'blocked')) { $script:Failed = $true; break }
    }
    if ($Drill -and -not $DryRun -and $DrillPhase -eq 'All') {
        # Fail back what the drill changed, the last step first, whatever happened above.
        for ($i = $changed.Count - 1; $i -ge 0; $i--) {
            Invoke-AzsloStep -Step $changed[$i] -Mode 'failback' -Unattended $false
            if ($script:LastResult.result -eq 'failed') { $script:Failed = $true }
        }
    }
}

$script:SkipCertificateCheck = [bool]($env:AZSLO_SKIP_CERTIFICATE_CHECK -eq '1')
$script:MaxAttempts = 6
$script:PollSeconds = if ($env:AZSLO_POLL_SECONDS) { [int]$env:AZSLO_POLL_SECONDS } else { 10 }
$script:Failed = $false
$script:LastResult = $null
Invoke-AzsloPlan
if ($script:Failed) { throw ('the plan ' + $Plan.Scenario + ' stopped: see the step results above') }
