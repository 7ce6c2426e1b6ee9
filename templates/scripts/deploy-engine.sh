# The engine of deploy.sh (templates/scripts/deploy-engine.sh in azslo): the data above says what to deploy.
resource_group="${1:-${AZSLO_RESOURCE_GROUP:-}}"
if [[ -z "$resource_group" ]]; then
  echo "deploy.sh: name the resource group of the alert rules, action groups and workbooks: bash deploy.sh <resource-group> (or set AZSLO_RESOURCE_GROUP)" >&2
  exit 2
fi
parallel="${AZSLO_PARALLEL:-4}"
if ! [[ "$parallel" =~ ^[1-9][0-9]*$ ]]; then
  echo "deploy.sh: AZSLO_PARALLEL must be a whole number of at least 1, not '$parallel'" >&2
  exit 2
fi
if ! command -v az >/dev/null 2>&1; then
  echo "deploy.sh: the Azure CLI (az) is not on PATH; install it and sign in (az login) first" >&2
  exit 2
fi
cd "$(dirname "$0")"
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

total=$(( ${#deployments[@]} / 3 ))

# One deployment, its output in its log; its exit status written last, so the loop below sees it finished.
deploy_one() {
  local i="$1" name="$2" template="$3" parameters="$4" status=0
  if [[ "$parameters" == *.bicepparam ]]; then
    az deployment group create --resource-group "$resource_group" --name "$name" --parameters "$parameters" --only-show-errors --output none >"$logs/$i.log" 2>&1 || status=$?
  else
    az deployment group create --resource-group "$resource_group" --name "$name" --template-file "$template" --parameters "@$parameters" --only-show-errors --output none >"$logs/$i.log" 2>&1 || status=$?
  fi
  echo "$status" >"$logs/$i.tmp" && mv "$logs/$i.tmp" "$logs/$i.status"
}

# At most $parallel at once (the deployments never reference each other); after a failure none is started, the
# running ones are waited for, and the first failure is shown.
started=0
finished=0
failed=-1
running=()
while (( finished < started || (failed < 0 && started < total) )); do
  while (( failed < 0 && started < total && ${#running[@]} < parallel )); do
    deploy_one "$started" "${deployments[started * 3]}" "${deployments[started * 3 + 1]}" "${deployments[started * 3 + 2]}" &
    running+=("$started")
    started=$(( started + 1 ))
  done
  still=()
  for i in ${running[@]+"${running[@]}"}; do
    if [[ -f "$logs/$i.status" ]]; then
      finished=$(( finished + 1 ))
      if [[ "$(cat "$logs/$i.status")" == 0 ]]; then
        echo "deploy.sh: deployed ${deployments[i * 3]} (${deployments[i * 3 + 1]}) [$finished/$total]" >&2
      elif (( failed < 0 )); then
        failed=$i
      else
        echo "deploy.sh: deployment ${deployments[i * 3]} (${deployments[i * 3 + 1]}) failed too; its output:" >&2
        cat "$logs/$i.log" >&2
      fi
    else
      still+=("$i")
    fi
  done
  running=(${still[@]+"${still[@]}"})
  if (( ${#running[@]} > 0 )); then sleep 1; fi
done
wait

if (( failed >= 0 )); then
  echo "deploy.sh: deployment ${deployments[failed * 3]} of ${deployments[failed * 3 + 1]} failed in resource group $resource_group; its output:" >&2
  cat "$logs/$failed.log" >&2
  if (( started < total )); then echo "deploy.sh: stopped: $(( total - started )) of $total deployment(s) not started; fix the failure and run deploy.sh again" >&2; fi
  exit 1
fi
echo "deploy.sh: all $total deployment(s) done in resource group $resource_group" >&2
