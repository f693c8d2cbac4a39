package main

import (
	"time"

	"github.com/exchange-tools/terraform-provider-exchange/internal/winclient/baseline"
)

func baselineResult(wall time.Duration) baseline.Result { return baseline.Result{Wall: wall} }
