-- The five roles and the fine-grained permissions they carry. The application checks
-- permissions through these rows; the container maps each role name to a Jakarta EE role.

INSERT INTO roles (name, description) VALUES
    ('admin',            'Everything, including users, roles and settings'),
    ('operator',         'Watches the fleet, edits inventory, acknowledges alerts'),
    ('regional_manager', 'Sees only the branches and devices of the regions assigned to them'),
    ('auditor',          'Reads and exports the audit log; changes nothing'),
    ('viewer',           'Read-only view of the fleet');

INSERT INTO permissions (name, description) VALUES
    ('devices.view',        'See regions, branches, devices and their status'),
    ('devices.edit',        'Create, change, import and delete inventory'),
    ('alerts.acknowledge',  'Acknowledge, comment and close alerts'),
    ('rules.edit',          'Create and change alert rules and maintenance windows'),
    ('reports.generate',    'Run and export reports'),
    ('users.manage',        'Manage users, roles and region assignments'),
    ('audit.read',          'Read and export the audit log');

INSERT INTO role_permissions (role_name, permission_name) VALUES
    ('admin', 'devices.view'), ('admin', 'devices.edit'), ('admin', 'alerts.acknowledge'),
    ('admin', 'rules.edit'), ('admin', 'reports.generate'), ('admin', 'users.manage'),
    ('admin', 'audit.read'),
    ('operator', 'devices.view'), ('operator', 'devices.edit'), ('operator', 'alerts.acknowledge'),
    ('operator', 'rules.edit'), ('operator', 'reports.generate'),
    ('regional_manager', 'devices.view'), ('regional_manager', 'alerts.acknowledge'),
    ('regional_manager', 'reports.generate'),
    ('auditor', 'audit.read'), ('auditor', 'devices.view'),
    ('viewer', 'devices.view');
