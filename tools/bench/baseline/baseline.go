// Package baseline reproduces, for comparison in `make bench` only, how the public WinRM
// Terraform providers read Windows: one masterzen/winrm RunPSWithContext per read, that is a
// new shell and a new powershell.exe every time, with a fixed number of reads in flight.
// Nothing in the provider uses it.
package baseline

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/masterzen/winrm"
)

// Target is a WinRM endpoint reached with Basic authentication over HTTPS.
type Target struct {
	Host     string
	Port     int
	CACert   []byte
	Username string
	Password string
}

// Read is one checkpoint read: the resource whose checkpoints are listed.
type Read struct {
	Resource string
}

// Result sums up a run.
type Result struct {
	Wall   time.Duration
	Reads  int
	Failed int
	// FirstError is the first failure's text (quota faults are the usual ones).
	FirstError string
}

// Run performs the reads, concurrency at a time, each with its own RunPSWithContext.
func Run(ctx context.Context, t Target, reads []Read, concurrency int) (Result, error) {
	endpoint := winrm.NewEndpoint(t.Host, t.Port, true, false, t.CACert, nil, nil, 60*time.Second)
	params := winrm.NewParameters("PT60S", "en-US", 153600)
	client, err := winrm.NewClientWithParameters(endpoint, t.Username, t.Password, params)
	if err != nil {
		return Result{}, fmt.Errorf("baseline client: %w", err)
	}
	if concurrency < 1 {
		concurrency = 1
	}
	var (
		mu  sync.Mutex
		res = Result{Reads: len(reads)}
		sem = make(chan struct{}, concurrency)
		wg  sync.WaitGroup
	)
	start := time.Now()
	for _, r := range reads {
		wg.Add(1)
		sem <- struct{}{}
		go func(r Read) {
			defer wg.Done()
			defer func() { <-sem }()
			// The anchors build the script text with the value in it; we at least quote it
			// as PowerShell's own EscapeSingleQuotedStringContent does (the typographic
			// single quotes are quotes too).
			script := "Get-ClusterCheckpoint -ResourceName '" + quoteSingle(r.Resource) +
				"' | ForEach-Object { $_.Name } | ConvertTo-Json"
			_, stderr, code, err := client.RunPSWithContext(ctx, script)
			if err == nil && code != 0 {
				err = fmt.Errorf("exit code %d: %s", code, strings.TrimSpace(stderr))
			}
			if err != nil {
				mu.Lock()
				res.Failed++
				if res.FirstError == "" {
					res.FirstError = err.Error()
				}
				mu.Unlock()
			}
		}(r)
	}
	wg.Wait()
	res.Wall = time.Since(start)
	return res, nil
}

// quoteSingle escapes s for a single-quoted PowerShell string: every quote character,
// ' and U+2018..U+201B, is doubled.
func quoteSingle(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\'', '\u2018', '\u2019', '\u201a', '\u201b':
			b.WriteRune(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
