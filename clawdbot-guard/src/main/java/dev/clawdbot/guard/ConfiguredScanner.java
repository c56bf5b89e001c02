package dev.clawdbot.guard;

import dev.clawdbot.guard.scan.Scanner;

/** A scanner with its resolved settings (failure mode already inherited from the guard). */
record ConfiguredScanner(Scanner scanner, ScannerSettings settings) {
}
