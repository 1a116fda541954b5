/// The appointment, meeting, task and reminder properties the calendar mapping reads
/// ([MS-OXOCAL], [MS-OXOTASK], [MS-OXPROPS]).
extension MapiPropertyName {
  // PSETID_Appointment.
  /// PidLidAppointmentStartWhole: the start, UTC.
  static let appointmentStartWhole = MapiPropertyName.numbered(.appointment, 0x820D)
  /// PidLidAppointmentEndWhole: the end, UTC.
  static let appointmentEndWhole = MapiPropertyName.numbered(.appointment, 0x820E)
  /// PidLidAppointmentSubType: true for an all-day event.
  static let appointmentSubType = MapiPropertyName.numbered(.appointment, 0x8215)
  /// PidLidLocation.
  static let location = MapiPropertyName.numbered(.appointment, 0x8208)
  /// PidLidBusyStatus (0 free, 1 tentative, 2 busy, 3 out of office, 4 working elsewhere).
  static let busyStatus = MapiPropertyName.numbered(.appointment, 0x8205)
  /// PidLidAppointmentStateFlags (asfMeeting 0x1, asfReceived 0x2, asfCanceled 0x4).
  static let appointmentStateFlags = MapiPropertyName.numbered(.appointment, 0x8217)
  /// PidLidRecurring.
  static let recurring = MapiPropertyName.numbered(.appointment, 0x8223)
  /// PidLidAppointmentRecur: the AppointmentRecurrencePattern blob.
  static let appointmentRecur = MapiPropertyName.numbered(.appointment, 0x8216)
  /// PidLidAppointmentSequence.
  static let appointmentSequence = MapiPropertyName.numbered(.appointment, 0x8201)
  /// PidLidExceptionReplaceTime: the original start (UTC) of the instance an exception message
  /// replaces.
  static let exceptionReplaceTime = MapiPropertyName.numbered(.appointment, 0x8228)
  /// PidLidTimeZoneStruct: bias and standard/daylight rules.
  static let timeZoneStruct = MapiPropertyName.numbered(.appointment, 0x8233)
  /// PidLidTimeZoneDescription: the zone's display name.
  static let timeZoneDescription = MapiPropertyName.numbered(.appointment, 0x8234)
  /// PidLidAppointmentTimeZoneDefinitionStartDisplay: a TZDEFINITION for the start.
  static let timeZoneDefinitionStart = MapiPropertyName.numbered(.appointment, 0x825E)
  /// PidLidAppointmentTimeZoneDefinitionEndDisplay: a TZDEFINITION for the end.
  static let timeZoneDefinitionEnd = MapiPropertyName.numbered(.appointment, 0x825F)

  // PSETID_Meeting.
  /// PidLidGlobalObjectId.
  static let globalObjectID = MapiPropertyName.numbered(.meeting, 0x0003)
  /// PidLidCleanGlobalObjectId (the global object id without an instance date).
  static let cleanGlobalObjectID = MapiPropertyName.numbered(.meeting, 0x0023)

  // PSETID_Common.
  /// PidLidReminderDelta: minutes before the start.
  static let reminderDelta = MapiPropertyName.numbered(.common, 0x8501)
  /// PidLidReminderTime: the reminder's time, UTC.
  static let reminderTime = MapiPropertyName.numbered(.common, 0x8502)
  /// PidLidReminderSet.
  static let reminderSet = MapiPropertyName.numbered(.common, 0x8503)

  // PSETID_Task.
  /// PidLidTaskStatus (0 not started, 1 in progress, 2 complete, 3 waiting, 4 deferred).
  static let taskStatus = MapiPropertyName.numbered(.task, 0x8101)
  /// PidLidPercentComplete (a PtypFloating64 from 0 to 1).
  static let percentComplete = MapiPropertyName.numbered(.task, 0x8102)
  /// PidLidTaskStartDate (the local date at midnight, stored as if UTC).
  static let taskStartDate = MapiPropertyName.numbered(.task, 0x8104)
  /// PidLidTaskDueDate (the local date at midnight, stored as if UTC).
  static let taskDueDate = MapiPropertyName.numbered(.task, 0x8105)
  /// PidLidTaskDateCompleted.
  static let taskDateCompleted = MapiPropertyName.numbered(.task, 0x810F)
  /// PidLidTaskRecurrence: a RecurrencePattern blob.
  static let taskRecurrence = MapiPropertyName.numbered(.task, 0x8116)
  /// PidLidTaskFRecurring.
  static let taskIsRecurring = MapiPropertyName.numbered(.task, 0x8126)
  /// PidLidTaskComplete.
  static let taskComplete = MapiPropertyName.numbered(.task, 0x811C)

  // Tagged.
  /// PR_RECIPIENT_FLAGS (recipSendable 0x1, recipOrganizer 0x2).
  static let recipientFlags = MapiPropertyName.tag(0x5FFD)
  /// PR_RECIPIENT_TRACKSTATUS (0 none, 1 organized, 2 tentative, 3 accepted, 4 declined,
  /// 5 not responded).
  static let recipientTrackStatus = MapiPropertyName.tag(0x5FFF)
}
