package provider

import (
	"testing"
	"time"
)

func TestCloseClientsClosesEachOnce(t *testing.T) {
	a, b := newFakeAPI(), newFakeAPI()
	registerClient(a)
	registerClient(b)
	if err := CloseClients(); err != nil {
		t.Fatal(err)
	}
	if err := CloseClients(); err != nil {
		t.Fatal(err)
	}
	if a.closedCount != 1 || b.closedCount != 1 {
		t.Fatalf("closed %d and %d times, want once each", a.closedCount, b.closedCount)
	}
}

// slowCloser is a client whose Close hangs (a server that no longer answers).
type slowCloser struct {
	*fakeAPI
	release chan struct{}
}

func (s slowCloser) Close() error { <-s.release; return nil }

func TestCloseClientsIsBoundedAndConcurrent(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	fast := newFakeAPI()
	registerClient(slowCloser{fakeAPI: newFakeAPI(), release: release})
	registerClient(slowCloser{fakeAPI: newFakeAPI(), release: release})
	registerClient(fast)
	start := time.Now()
	err := CloseClients()
	if took := time.Since(start); took > closeBudget+time.Second {
		t.Fatalf("CloseClients took %s with hanging clients, want about %s", took, closeBudget)
	}
	if err == nil {
		t.Fatal("hanging clients must be reported")
	}
	if fast.closedCount != 1 {
		t.Fatalf("the responsive client was closed %d times, want once", fast.closedCount)
	}
}
