#!/usr/bin/env bash
# check-drift.sh: fail when a Windows cluster no longer matches its Terraform configuration.
#
# Usage: check-drift.sh [DIR...]        (default: the current directory)
#
# For each DIR (one Terraform root module per cluster, for example), it runs
#   terraform plan -detailed-exitcode -input=false -lock=false
# and reports:
#   exit 0  every cluster matches its configuration;
#   exit 2  drift: a plan has changes (for example a registry checkpoint removed by hand, or an
#           undeclared one added next to exchange_cluster_checkpoints_exclusive), or a `check` block
#           assertion failed (Terraform reports those as warnings and would exit 0);
#   exit 1  an error: terraform failed (credentials, WinRM unreachable, bad configuration...)
#           and no drift was found elsewhere. Every DIR is planned even after a failure.
#
# Environment:
#   TERRAFORM        the binary to run (default: terraform; `tofu` works too)
#   TF_INIT          1 (default) runs `terraform init -input=false` first; 0 skips it (with
#                    dev_overrides, or when the CI job already ran init)
#   TF_PLAN_ARGS     extra arguments for terraform plan, e.g. "-var-file=prod.tfvars"
#   EXCHANGE_WINRM_* the provider's settings (EXCHANGE_WINRM_HOST, EXCHANGE_WINRM_PASSWORD, ...)
# In GitHub Actions (GITHUB_ACTIONS=true) findings are also written as error annotations.
set -uo pipefail

TERRAFORM=${TERRAFORM:-terraform}
TF_INIT=${TF_INIT:-1}
read -r -a plan_args <<<"${TF_PLAN_ARGS:-}"

[ $# -gt 0 ] || set -- .

annotate() { # annotate MESSAGE: an error annotation in GitHub Actions, nothing elsewhere
  if [ "${GITHUB_ACTIONS:-}" = true ]; then echo "::error title=Terraform drift::$1"; fi
}

log=$(mktemp) || exit 1
trap 'rm -f "$log"' EXIT

drifted=() failed=() checks=()
for dir in "$@"; do
  echo "== $dir"
  if [ ! -d "$dir" ]; then
    echo "check-drift: $dir is not a directory" >&2
    failed+=("$dir")
    continue
  fi
  if [ "$TF_INIT" = 1 ] && ! "$TERRAFORM" -chdir="$dir" init -input=false -no-color >"$log" 2>&1; then
    cat "$log"
    echo "check-drift: terraform init failed in $dir" >&2
    failed+=("$dir")
    continue
  fi
  "$TERRAFORM" -chdir="$dir" plan -detailed-exitcode -input=false -lock=false -no-color ${plan_args[@]+"${plan_args[@]}"} 2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  case $code in
    0)
      if grep -q 'Check block assertion failed' "$log"; then
        checks+=("$dir")
      else
        echo "check-drift: no drift in $dir"
      fi
      ;;
    2) drifted+=("$dir") ;;
    *)
      echo "check-drift: terraform plan failed in $dir (exit $code)" >&2
      failed+=("$dir")
      ;;
  esac
done

echo
status=0
for dir in ${drifted[@]+"${drifted[@]}"}; do
  msg="DRIFT in $dir: the cluster no longer matches the Terraform configuration (the plan above shows what changed). Find out who changed it, then run 'terraform apply' in $dir to restore the declared registry checkpoints."
  echo "$msg" >&2
  annotate "$msg"
  status=2
done
for dir in ${checks[@]+"${checks[@]}"}; do
  msg="CHECK FAILED in $dir: a check block assertion failed (see the warning above)."
  echo "$msg" >&2
  annotate "$msg"
  status=2
done
for dir in ${failed[@]+"${failed[@]}"}; do
  msg="ERROR in $dir: terraform could not plan, so drift is unknown (see the error above)."
  echo "$msg" >&2
  annotate "$msg"
  [ $status -ne 0 ] || status=1
done
if [ $status -eq 0 ]; then
  echo "check-drift: no drift in $# configuration(s)"
fi
exit $status
