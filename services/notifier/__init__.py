"""The notifier (提醒送达): delivers each accountability alert once per recipient."""
