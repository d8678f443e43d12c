package ge.wardops.alerting;

/**
 * Which devices a rule or maintenance window covers; the scope value names the device, branch or
 * region id, the device type, the tag, or the saved device group's id.
 */
public enum ScopeType { ALL, DEVICE, BRANCH, REGION, DEVICE_TYPE, TAG, GROUP }
