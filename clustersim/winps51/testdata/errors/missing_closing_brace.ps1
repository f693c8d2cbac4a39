if ($true) {
