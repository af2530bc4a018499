"""What main.py declares to the platform: the trigger with retries, the daily reconciliation and
clean-up."""

import main
from customizations.adapters.fcm import FcmPush, NoPush, configured_sender


def test_the_request_trigger_watches_every_request_and_is_retried_on_failure():
    trigger = main.on_request_written.__firebase_endpoint__.eventTrigger
    assert trigger["eventType"] == "google.cloud.firestore.document.v1.written"
    assert trigger["eventFilterPathPatterns"] == {"document": "customizationRequests/{requestId}"}
    assert trigger["retry"] is True


def test_counters_are_reconciled_daily():
    trigger = main.reconcile_counters.__firebase_endpoint__.scheduleTrigger
    assert (trigger["schedule"], trigger["timeZone"]) == ("every day 03:00", "UTC")


def test_files_are_cleaned_up_daily():
    trigger = main.clean_up_files.__firebase_endpoint__.scheduleTrigger
    assert (trigger["schedule"], trigger["timeZone"]) == ("every day 04:00", "UTC")


def test_push_is_off_in_the_emulator_and_when_disabled(monkeypatch):
    monkeypatch.setenv("FUNCTIONS_EMULATOR", "true")
    assert isinstance(configured_sender(), NoPush)
    monkeypatch.delenv("FUNCTIONS_EMULATOR")
    monkeypatch.setenv("PUSH_ENABLED", "false")
    assert isinstance(configured_sender(), NoPush)
    monkeypatch.delenv("PUSH_ENABLED")
    assert isinstance(configured_sender(), FcmPush)
