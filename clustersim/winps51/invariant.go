package winps51

import "fmt"

// mustBe asserts an engine invariant: v is a T because the parser or the engine made it so
// (a pipeline element is a command, a cmdlet's state is what its Begin block stored). A
// violation is a bug in this package, not a script error, so it panics naming what was wrong.
func mustBe[T any](v any, what string) T {
	t, ok := v.(T)
	if !ok {
		panic(fmt.Sprintf("winps51: internal error: %s is %T, not %T", what, v, t))
	}
	return t
}
