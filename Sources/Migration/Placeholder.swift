// Migration
