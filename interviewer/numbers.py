"""Spoken number words as digits: the ones that come up when interview answers are spoken or
transcribed ("fp sixteen", "thirty-two bits"). Grading cues and the word error rate both read them."""

from __future__ import annotations

NUMBER_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "twelve": "12",
    "sixteen": "16",
    "thirty two": "32",
    "thirty-two": "32",
}
