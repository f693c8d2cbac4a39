package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// watchRSS polls /proc for processes running the binary at path (the provider, started by
// terraform) and returns a function that stops polling and reports the highest VmHWM seen, in
// KiB. VmHWM is the kernel's own peak of resident memory for a process, so polling only has
// to see each process once before it exits.
func watchRSS(path string) (stop func() int64) {
	done := make(chan struct{})
	result := make(chan int64, 1)
	go func() {
		var peak int64
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			peak = max(peak, scanPeak(path))
			select {
			case <-done:
				result <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() int64 {
		close(done)
		return <-result
	}
}

func scanPeak(path string) int64 {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	var peak int64
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		if err != nil || exe != path {
			continue
		}
		peak = max(peak, vmHWM(filepath.Join("/proc", e.Name(), "status")))
	}
	return peak
}

func vmHWM(statusFile string) int64 {
	data, err := os.ReadFile(statusFile)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}
