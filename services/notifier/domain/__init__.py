"""The notifier's pure domain: who gets an alert, what it says, when to try again."""
