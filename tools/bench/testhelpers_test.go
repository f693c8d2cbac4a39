package main

import (
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/tools/bench/baseline"
)

func baselineResult(wall time.Duration) baseline.Result { return baseline.Result{Wall: wall} }
